package dev.ferry.contract.structure;

import dev.ferry.contract.structure.TableStructure.Check;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.EnumType;
import dev.ferry.contract.structure.TableStructure.ForeignKey;
import dev.ferry.contract.structure.TableStructure.Index;
import dev.ferry.contract.structure.TableStructure.Partition;
import dev.ferry.contract.structure.TableStructure.Sequence;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a table's structure from the PostgreSQL catalog: columns with their declared types,
 * defaults, identity and serial sequences (with their current values), keys, indexes, checks,
 * foreign keys and the enum types the columns use. Plain JDBC, shared by the source connector
 * (schema records) and the {@code ferry} command (schema, verify).
 */
public final class TableStructureReader {

    private static final String TABLE_SQL = """
            SELECT c.oid, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
                   obj_description(c.oid, 'pg_class') AS comment
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')
            """;

    private static final String COLUMNS_SQL = """
            SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
                   coalesce(et.typname, t.typname) AS base_type, coalesce(etn.nspname, tn.nspname) AS type_schema,
                   et.oid IS NOT NULL AS is_array, a.atttypmod, a.attnotnull, a.attidentity,
                   pg_get_expr(d.adbin, d.adrelid) AS default_expr,
                   pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) AS sequence,
                   col_description(a.attrelid, a.attnum) AS comment
              FROM pg_attribute a
              JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
              LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
              LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """;

    private static final String SEQUENCE_SQL = """
            SELECT n.nspname, c.relname, s.seqincrement, s.seqmin, s.seqmax, s.seqstart
              FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE s.seqrelid = ?::regclass
            """;

    private static final String INDEXES_SQL = """
            SELECT ic.relname, x.indisunique, x.indisprimary, con.contype = 'u' AS is_constraint, am.amname,
                   pg_get_expr(x.indpred, x.indrelid) AS predicate,
                   ARRAY(SELECT x.indkey[k - 1] FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS attnums,
                   ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) k
                          ORDER BY k) AS key_texts
              FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_am am ON am.oid = ic.relam
              LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid
                                         AND con.contype IN ('p', 'u', 'x')
             WHERE x.indrelid = ? AND (con.contype IS NULL OR con.contype <> 'x')
             ORDER BY x.indisprimary DESC, ic.relname
            """;

    private static final String CHECKS_SQL = """
            SELECT conname, pg_get_expr(conbin, conrelid) AS expression FROM pg_constraint
             WHERE conrelid = ? AND contype = 'c' ORDER BY conname
            """;

    private static final String FOREIGN_KEYS_SQL = """
            SELECT con.conname, rn.nspname, rc.relname, con.confupdtype::text AS on_update,
                   con.confdeltype::text AS on_delete,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols,
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
                           JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i) AS refs
              FROM pg_constraint con JOIN pg_class rc ON rc.oid = con.confrelid
              JOIN pg_namespace rn ON rn.oid = rc.relnamespace
             WHERE con.conrelid = ? AND con.contype = 'f'
             ORDER BY con.conname
            """;

    private static final String ENUMS_SQL = """
            SELECT n.nspname, t.typname,
                   ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typtype = 'e' AND t.oid IN (
                   SELECT CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END
                     FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                    WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped)
             ORDER BY 1, 2
            """;

    private static final String PARTITION_OF_SQL = """
            SELECT pn.nspname, p.relname, pg_get_expr(c.relpartbound, c.oid)
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
              JOIN pg_namespace pn ON pn.oid = p.relnamespace
             WHERE i.inhrelid = ? AND c.relispartition
            """;

    private static final String PARTITIONS_SQL = """
            SELECT cn.nspname, c.relname, pg_get_expr(c.relpartbound, c.oid)
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
             WHERE i.inhparent = ? AND c.relispartition
             ORDER BY 1, 2
            """;

    /** The names of the captured queries, also the keys of the trigger's JSON object. */
    public static final String COLUMNS = "columns";
    public static final String INDEXES = "indexes";
    public static final String CHECKS = "checks";
    public static final String FOREIGN_KEYS = "foreign_keys";

    private static final Map<String, String> QUERIES = Map.of(COLUMNS, COLUMNS_SQL, INDEXES, INDEXES_SQL,
            CHECKS, CHECKS_SQL, FOREIGN_KEYS, FOREIGN_KEYS_SQL);

    private TableStructureReader() {
    }

    /**
     * The table's structure, or null when it does not exist (any more); {@code warnings} hears of
     * what could not be read (a sequence's value the user may not select).
     */
    public static TableStructure read(Connection connection, String schema, String table, Consumer<String> warnings)
            throws SQLException {
        Relation relation = relation(connection, schema, table);
        if (relation == null) {
            return null;
        }
        Map<String, List<Map<String, Object>>> rows = new HashMap<>();
        for (Map.Entry<String, String> query : QUERIES.entrySet()) {
            rows.put(query.getKey(), rows(connection, query.getValue(), relation.oid()));
        }
        return structure(connection, schema, table, rows, warnings, relation);
    }

    /** What no DDL record changes: a table's enum types, partitioning and comment. */
    private record Relation(long oid, String partitionKey, String comment, List<EnumType> enumTypes,
            Partition partitionOf, List<Partition> partitions) {
    }

    /** The table's relation, or null when it does not exist (any more). */
    private static Relation relation(Connection connection, String schema, String table) throws SQLException {
        long oid;
        String partitionKey;
        String comment;
        try (PreparedStatement statement = connection.prepareStatement(TABLE_SQL)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                oid = rs.getLong(1);
                partitionKey = rs.getString(2);
                comment = rs.getString(3);
            }
        }
        List<Partition> partitionOf = partitions(connection, PARTITION_OF_SQL, oid);
        return new Relation(oid, partitionKey, comment, enumTypes(connection, oid), partitionOf.isEmpty() ? null
                : partitionOf.get(0), partitionKey == null ? List.of() : partitions(connection, PARTITIONS_SQL, oid));
    }

    /**
     * The queries of a table's columns, indexes, checks and foreign keys (those {@link #read}
     * runs) for the relation {@code relationOid} (an SQL expression), by name: the source's event
     * trigger runs them at a DDL command's moment and keeps their rows as JSON objects, from which
     * {@link #captured} builds the structure as it was then.
     */
    public static Map<String, String> capturedQueries(String relationOid) {
        Map<String, String> queries = new LinkedHashMap<>();
        QUERIES.forEach((name, sql) -> queries.put(name, sql.replace("= ?", "= " + relationOid)));
        return queries;
    }

    /**
     * The structure of a table as {@link #capturedQueries}' rows (JSON objects: column name to
     * value, arrays as lists) describe it; its enum types, partitioning and comment, which no DDL
     * record changes, and its sequences' values are read now.
     */
    public static TableStructure captured(Connection connection, String schema, String table,
            Map<String, List<Map<String, Object>>> rows, Consumer<String> warnings) throws SQLException {
        Relation relation = relation(connection, schema, table);
        return structure(connection, schema, table, rows, warnings, relation == null
                ? new Relation(0, null, null, List.of(), null, List.of()) : relation);
    }

    private static TableStructure structure(Connection connection, String schema, String table,
            Map<String, List<Map<String, Object>>> rows, Consumer<String> warnings, Relation relation)
            throws SQLException {
        Map<Integer, String> columnNames = new HashMap<>();
        List<Column> columns = new ArrayList<>();
        for (Map<String, Object> row : rows.getOrDefault(COLUMNS, List.of())) {
            Column column = column(connection, row, warnings);
            columnNames.put(column.position(), column.name());
            columns.add(column);
        }
        List<String> primaryKey = new ArrayList<>();
        List<Index> indexes = new ArrayList<>();
        for (Map<String, Object> row : rows.getOrDefault(INDEXES, List.of())) {
            List<String> keyColumns = new ArrayList<>();
            boolean expression = false;
            for (Object attnum : list(row.get("attnums"))) {
                int number = ((Number) attnum).intValue();
                expression |= number == 0;
                keyColumns.add(columnNames.get(number));
            }
            if (bool(row, "indisprimary")) {
                primaryKey.addAll(keyColumns);
                continue;
            }
            indexes.add(new Index(string(row, "relname"), bool(row, "indisunique"), bool(row, "is_constraint"),
                    string(row, "amname"), expression ? List.of() : keyColumns,
                    expression ? strings(row.get("key_texts")) : List.of(), string(row, "predicate")));
        }
        List<Check> checks = new ArrayList<>();
        for (Map<String, Object> row : rows.getOrDefault(CHECKS, List.of())) {
            checks.add(new Check(string(row, "conname"), string(row, "expression")));
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (Map<String, Object> row : rows.getOrDefault(FOREIGN_KEYS, List.of())) {
            foreignKeys.add(new ForeignKey(string(row, "conname"), strings(row.get("cols")), string(row, "nspname"),
                    string(row, "relname"), strings(row.get("refs")), action(string(row, "on_update")),
                    action(string(row, "on_delete"))));
        }
        return new TableStructure(schema, table, columns, primaryKey, indexes, checks, foreignKeys,
                relation.enumTypes(), relation.partitionKey(), relation.comment(), relation.partitionOf(),
                relation.partitions());
    }

    /** The rows of {@code sql} for the relation {@code oid}, as maps (arrays as lists), like the trigger's JSON. */
    private static List<Map<String, Object>> rows(Connection connection, String sql, long oid) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(meta.getColumnLabel(i), value instanceof Array array
                                ? Arrays.asList((Object[]) array.getArray()) : value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String string(Map<String, Object> row, String name) {
        Object value = row.get(name);
        return value == null ? null : value.toString();
    }

    private static boolean bool(Map<String, Object> row, String name) {
        return Boolean.TRUE.equals(row.get(name));
    }

    private static int integer(Map<String, Object> row, String name) {
        Object value = row.get(name);
        return value == null ? 0 : ((Number) value).intValue();
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        for (Object item : list(value)) {
            strings.add(item == null ? null : item.toString());
        }
        return strings;
    }

    private static List<Partition> partitions(Connection connection, String sql, long oid) throws SQLException {
        List<Partition> partitions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    partitions.add(new Partition(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return partitions;
    }

    private static Column column(Connection connection, Map<String, Object> row, Consumer<String> warnings)
            throws SQLException {
        String baseType = string(row, "base_type");
        int typmod = integer(row, "atttypmod");
        String identity = switch (String.valueOf(string(row, "attidentity"))) {
            case "a" -> "always";
            case "d" -> "by default";
            default -> null;
        };
        String sequenceName = string(row, "sequence");
        return new Column(string(row, "attname"), string(row, "type"), baseType, string(row, "type_schema"),
                length(baseType, typmod), precision(baseType, typmod), scale(baseType, typmod),
                bool(row, "is_array"), bool(row, "attnotnull"),
                identity == null ? string(row, "default_expr") : null, identity,
                sequenceName == null ? null : sequence(connection, sequenceName, warnings),
                string(row, "comment"), integer(row, "attnum"));
    }

    /** The sequence and its current value; the value reads as not yet used where the user may not read it. */
    private static Sequence sequence(Connection connection, String qualifiedName, Consumer<String> warnings)
            throws SQLException {
        String schema;
        String name;
        long increment;
        long min;
        long max;
        long start;
        try (PreparedStatement statement = connection.prepareStatement(SEQUENCE_SQL)) {
            statement.setString(1, qualifiedName);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                schema = rs.getString(1);
                name = rs.getString(2);
                increment = rs.getLong(3);
                min = rs.getLong(4);
                max = rs.getLong(5);
                start = rs.getLong(6);
            }
        }
        long lastValue = start;
        boolean called = false;
        boolean autoCommit = connection.getAutoCommit();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT last_value, is_called FROM " + qualifiedName)) {
            if (rs.next()) {
                lastValue = rs.getLong(1);
                called = rs.getBoolean(2);
            }
        } catch (SQLException e) {
            if (!autoCommit) {
                connection.rollback();
            }
            warnings.accept("cannot read the value of sequence " + qualifiedName + " (" + e.getMessage() + "); the "
                    + "target's sequence starts at its start value. Grant SELECT on it to the connector's user");
        }
        return new Sequence(schema, name, lastValue, called, increment, min, max, start);
    }

    private static List<EnumType> enumTypes(Connection connection, long oid) throws SQLException {
        List<EnumType> types = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ENUMS_SQL)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.add(new EnumType(rs.getString(1), rs.getString(2),
                            strings(Arrays.asList((Object[]) rs.getArray(3).getArray()))));
                }
            }
        }
        return types;
    }

    private static String action(String code) {
        return switch (code) {
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }

    // atttypmod encodings, as PostgreSQL's format_type reads them.

    private static Integer length(String type, int typmod) {
        return switch (type) {
            case "varchar", "bpchar" -> typmod >= 4 ? typmod - 4 : null;
            case "bit", "varbit" -> typmod > 0 ? typmod : null;
            default -> null;
        };
    }

    private static Integer precision(String type, int typmod) {
        return switch (type) {
            case "numeric" -> typmod >= 4 ? ((typmod - 4) >> 16) & 0xFFFF : null;
            case "time", "timetz", "timestamp", "timestamptz" -> typmod >= 0 ? typmod : null;
            case "interval" -> typmod >= 0 && (typmod & 0xFFFF) != 0xFFFF ? typmod & 0xFFFF : null;
            default -> null;
        };
    }

    private static Integer scale(String type, int typmod) {
        if (!"numeric".equals(type) || typmod < 4) {
            return null;
        }
        // The scale is an 11-bit signed number since PostgreSQL 15 (negative scales round left of the point).
        int scale = (typmod - 4) & 0x7FF;
        return scale > 1023 ? scale - 2048 : scale;
    }
}
