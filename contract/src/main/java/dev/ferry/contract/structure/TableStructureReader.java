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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
            SELECT conname, pg_get_expr(conbin, conrelid) FROM pg_constraint
             WHERE conrelid = ? AND contype = 'c' ORDER BY conname
            """;

    private static final String FOREIGN_KEYS_SQL = """
            SELECT con.conname, rn.nspname, rc.relname, con.confupdtype, con.confdeltype,
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

    private TableStructureReader() {
    }

    /**
     * The table's structure, or null when it does not exist (any more); {@code warnings} hears of
     * what could not be read (a sequence's value the user may not select).
     */
    public static TableStructure read(Connection connection, String schema, String table, Consumer<String> warnings)
            throws SQLException {
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
        Map<Integer, String> columnNames = new HashMap<>();
        List<Column> columns = columns(connection, oid, columnNames, warnings);
        List<String> primaryKey = new ArrayList<>();
        List<Index> indexes = indexes(connection, oid, columnNames, primaryKey);
        List<Partition> partitionOf = partitions(connection, PARTITION_OF_SQL, oid);
        return new TableStructure(schema, table, columns, primaryKey, indexes, checks(connection, oid),
                foreignKeys(connection, oid), enumTypes(connection, oid), partitionKey, comment,
                partitionOf.isEmpty() ? null : partitionOf.get(0),
                partitionKey == null ? List.of() : partitions(connection, PARTITIONS_SQL, oid));
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

    private static List<Column> columns(Connection connection, long oid, Map<Integer, String> names,
            Consumer<String> warnings) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Column column = column(connection, new ColumnRow() {
                        @Override
                        public String string(String name) throws SQLException {
                            return rs.getString(name);
                        }

                        @Override
                        public int integer(String name) throws SQLException {
                            return rs.getInt(name);
                        }

                        @Override
                        public boolean bool(String name) throws SQLException {
                            return rs.getBoolean(name);
                        }
                    }, warnings);
                    names.put(column.position(), column.name());
                    columns.add(column);
                }
            }
        }
        return columns;
    }

    /**
     * The query of a table's columns (the one {@link #read} runs), for the relation
     * {@code relationOid} (an SQL expression): the source's event trigger runs it at a DDL
     * command's moment and keeps its rows as JSON objects for {@link #columns(Connection, List, Consumer)}.
     */
    public static String columnsQuery(String relationOid) {
        return COLUMNS_SQL.replace("a.attrelid = ?", "a.attrelid = " + relationOid);
    }

    /**
     * Columns from rows of {@link #columnsQuery} kept as JSON objects (column name to value); the
     * sequences' values are read now.
     */
    public static List<Column> columns(Connection connection, List<Map<String, Object>> rows, Consumer<String> warnings)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            columns.add(column(connection, new ColumnRow() {
                @Override
                public String string(String name) {
                    Object value = row.get(name);
                    return value == null ? null : value.toString();
                }

                @Override
                public int integer(String name) {
                    Object value = row.get(name);
                    return value == null ? 0 : ((Number) value).intValue();
                }

                @Override
                public boolean bool(String name) {
                    return Boolean.TRUE.equals(row.get(name));
                }
            }, warnings));
        }
        return columns;
    }

    /** A row of {@link #COLUMNS_SQL}, from a result set or from JSON. */
    private interface ColumnRow {
        String string(String name) throws SQLException;

        int integer(String name) throws SQLException;

        boolean bool(String name) throws SQLException;
    }

    private static Column column(Connection connection, ColumnRow row, Consumer<String> warnings) throws SQLException {
        String baseType = row.string("base_type");
        int typmod = row.integer("atttypmod");
        String identity = switch (String.valueOf(row.string("attidentity"))) {
            case "a" -> "always";
            case "d" -> "by default";
            default -> null;
        };
        String sequenceName = row.string("sequence");
        return new Column(row.string("attname"), row.string("type"), baseType, row.string("type_schema"),
                length(baseType, typmod), precision(baseType, typmod), scale(baseType, typmod),
                row.bool("is_array"), row.bool("attnotnull"),
                identity == null ? row.string("default_expr") : null, identity,
                sequenceName == null ? null : sequence(connection, sequenceName, warnings),
                row.string("comment"), row.integer("attnum"));
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

    private static List<Index> indexes(Connection connection, long oid, Map<Integer, String> columnNames,
            List<String> primaryKey) throws SQLException {
        List<Index> indexes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(INDEXES_SQL)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Object[] attnums = (Object[]) rs.getArray("attnums").getArray();
                    String[] keyTexts = strings(rs.getArray("key_texts"));
                    List<String> columns = new ArrayList<>();
                    boolean expression = false;
                    for (Object attnum : attnums) {
                        int number = ((Number) attnum).intValue();
                        expression |= number == 0;
                        columns.add(columnNames.get(number));
                    }
                    if (rs.getBoolean("indisprimary")) {
                        primaryKey.addAll(columns);
                        continue;
                    }
                    indexes.add(new Index(rs.getString("relname"), rs.getBoolean("indisunique"),
                            rs.getBoolean("is_constraint"), rs.getString("amname"),
                            expression ? List.of() : columns, expression ? Arrays.asList(keyTexts) : List.of(),
                            rs.getString("predicate")));
                }
            }
        }
        return indexes;
    }

    private static List<Check> checks(Connection connection, long oid) throws SQLException {
        List<Check> checks = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CHECKS_SQL)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    checks.add(new Check(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return checks;
    }

    private static List<ForeignKey> foreignKeys(Connection connection, long oid) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(FOREIGN_KEYS_SQL)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.add(new ForeignKey(rs.getString(1), Arrays.asList(strings(rs.getArray("cols"))),
                            rs.getString(2), rs.getString(3), Arrays.asList(strings(rs.getArray("refs"))),
                            action(rs.getString(4)), action(rs.getString(5))));
                }
            }
        }
        return keys;
    }

    private static List<EnumType> enumTypes(Connection connection, long oid) throws SQLException {
        List<EnumType> types = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ENUMS_SQL)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.add(new EnumType(rs.getString(1), rs.getString(2), Arrays.asList(strings(rs.getArray(3)))));
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

    private static String[] strings(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        String[] strings = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            strings[i] = values[i] == null ? null : values[i].toString();
        }
        return strings;
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
