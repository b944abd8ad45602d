package dev.ferry.sink.dialect.mysql;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.EnumType;
import dev.ferry.contract.structure.TableStructure.ForeignKey;
import dev.ferry.contract.structure.TableStructure.Index;
import dev.ferry.contract.structure.TableStructure.Sequence;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.SourceColumnType;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's and MariaDB's translation of a PostgreSQL table (the README's type table): lengths and
 * precisions kept where MySQL has them, key and unique columns sized to fit the index limit, the
 * serial or identity key as {@code AUTO_INCREMENT}, constant and current-time defaults. Checks,
 * partial and expression indexes and defaults that do not translate are left out with a warning.
 */
final class MySqlStructureDdl implements StructureDdl {

    private static final Pattern NUMBER = Pattern.compile("\\(?(-?\\d+(\\.\\d+)?)\\)?(::[a-z ]+)?");
    private static final Pattern STRING = Pattern.compile("'((?:[^']|'')*)'(::[a-z \"._()0-9]+)?");
    private static final Set<String> NOW = Set.of("now()", "current_timestamp", "statement_timestamp()",
            "transaction_timestamp()", "localtimestamp", "clock_timestamp()");
    /** TEXT, BLOB and JSON: no literal DEFAULT (an expression one only), indexed only by a prefix. */
    private static final Set<String> UNSIZED_TYPES = Set.of("LONGTEXT", "TEXT", "JSON", "LONGBLOB");

    private final MySqlDialect dialect;

    MySqlStructureDdl(MySqlDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public List<String> createTable(TableId target, TableStructure structure, List<String> warnings) {
        List<String> statements = new ArrayList<>();
        if (target.schema() != null) {
            statements.add("CREATE DATABASE IF NOT EXISTS " + dialect.quote(target.schema())
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        List<Index> uniques = structure.indexes().stream().filter(Index::plainUnique).toList();
        List<String> types = columnTypes(target, structure, keyed(structure), warnings);
        Column autoIncrement = autoIncrementColumn(target, structure, warnings);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < structure.columns().size(); i++) {
            Column column = structure.columns().get(i);
            elements.add(columnDefinition(target, structure, column, types.get(i), column == autoIncrement, warnings));
        }
        if (!structure.primaryKey().isEmpty()) {
            elements.add("PRIMARY KEY (" + dialect.columnList(structure.primaryKey()) + ")");
        }
        for (Index index : uniques) {
            elements.add("UNIQUE KEY " + dialect.quote(index.name()) + " (" + dialect.columnList(index.columns()) + ")");
        }
        for (Index index : structure.indexes()) {
            if (index.plainUnique()) {
                continue;
            }
            if (index.unique() || !index.expressions().isEmpty() || index.predicate() != null
                    || !"btree".equals(index.method())) {
                warnings.add("index " + index.name() + " of " + target + " is left out: MySQL has no "
                        + (index.predicate() != null ? "partial" : !index.expressions().isEmpty() ? "expression"
                                : index.method()) + " index like it");
                continue;
            }
            // Plain keys are built after the full sync (deferredIndexes).
        }
        if (structure.partitionKey() != null) {
            warnings.add("partitioned table " + target + " is created as one table (MySQL's partitioning is not "
                    + "PostgreSQL's); with publish.via.partition.root=true its partitions' rows reach it");
        }
        if (structure.partitionOf() != null) {
            warnings.add("partition " + target + " of " + structure.partitionOf().schema() + "."
                    + structure.partitionOf().table() + " is created as a table of its own");
        }
        for (var check : structure.checks()) {
            warnings.add("check constraint " + check.name() + " of " + target + " is left out (CHECK (" + check.expression()
                    + ") is PostgreSQL's expression syntax)");
        }
        StringBuilder create = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(dialect.table(target))
                .append(" (").append(String.join(", ", elements)).append(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ")
                .append("COLLATE=utf8mb4_bin");
        if (autoIncrement != null && autoIncrement.sequence().nextValue() > 1) {
            create.append(" AUTO_INCREMENT=").append(autoIncrement.sequence().nextValue());
        }
        if (structure.comment() != null) {
            create.append(" COMMENT=").append(literal(structure.comment()));
        }
        statements.add(create.toString());
        return statements;
    }

    /** The columns of the primary key and of the unique keys MySQL enforces. */
    private static Set<String> keyed(TableStructure structure) {
        Set<String> keyed = new HashSet<>(structure.primaryKey());
        structure.indexes().stream().filter(Index::plainUnique).forEach(i -> keyed.addAll(i.columns()));
        return keyed;
    }

    /** A column's definition in CREATE TABLE, ADD COLUMN and MODIFY COLUMN. */
    private String columnDefinition(TableId target, TableStructure structure, Column column, String type,
            boolean autoIncrement, List<String> warnings) {
        StringBuilder sql = new StringBuilder(dialect.quote(column.name())).append(' ').append(type)
                .append(column.notNull() || structure.primaryKey().contains(column.name()) ? " NOT NULL" : " NULL");
        if (autoIncrement) {
            sql.append(" AUTO_INCREMENT");
        } else {
            defaultClause(target, column, type, warnings).ifPresent(d -> sql.append(" DEFAULT ").append(d));
        }
        if (column.comment() != null) {
            sql.append(" COMMENT ").append(literal(column.comment()));
        }
        return sql.toString();
    }

    /** {@code column}'s definition as the table's other columns size it (a row fits MySQL's row size). */
    private String columnDefinition(TableId target, TableStructure structure, Column column, List<String> warnings) {
        List<String> types = columnTypes(target, structure, keyed(structure), warnings);
        return columnDefinition(target, structure, column, types.get(structure.columns().indexOf(column)),
                column == autoIncrementColumn(target, structure, new ArrayList<>()), warnings);
    }

    @Override
    public List<String> addColumnAsOnSource(TableId target, TableStructure structure, Column column,
            List<String> warnings) {
        return List.of("ALTER TABLE " + dialect.table(target) + " ADD COLUMN "
                + columnDefinition(target, structure, column, warnings));
    }

    @Override
    public List<String> addIndex(Connection connection, TableId target, TableStructure structure, Index index,
            List<String> warnings) throws SQLException {
        if (hasIndex(connection, target, index.name())) {
            return List.of();
        }
        List<String> types = columnTypes(target, structure, keyed(structure), new ArrayList<>());
        boolean unsized = index.columns().stream().map(structure::column).anyMatch(c -> c == null
                || UNSIZED_TYPES.contains(types.get(structure.columns().indexOf(c))));
        if (!index.expressions().isEmpty() || index.predicate() != null || !"btree".equals(index.method())
                || index.unique() && unsized) {
            warnings.add("index " + index.name() + " of " + target + " is left out: MySQL has no "
                    + (index.predicate() != null ? "partial" : !index.expressions().isEmpty() ? "expression"
                            : index.unique() && unsized ? "unique key on a TEXT column" : index.method())
                    + " index like it");
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (String name : index.columns()) {
            String type = types.get(structure.columns().indexOf(structure.column(name)));
            parts.add(dialect.quote(name) + (UNSIZED_TYPES.contains(type) ? "(255)" : ""));
        }
        return List.of("ALTER TABLE " + dialect.table(target) + " ADD " + (index.unique() ? "UNIQUE " : "") + "KEY "
                + dialect.quote(index.name()) + " (" + String.join(", ", parts) + ")");
    }

    @Override
    public List<String> renameTable(Dialect dialect, TableId from, TableId to) {
        return List.of("RENAME TABLE " + dialect.table(from) + " TO " + dialect.table(to));
    }

    @Override
    public List<String> dropIndex(Connection connection, TableId target, String name) throws SQLException {
        return hasIndex(connection, target, name)
                ? List.of("ALTER TABLE " + dialect.table(target) + " DROP INDEX " + dialect.quote(name)) : List.of();
    }

    @Override
    public List<String> replacePrimaryKey(TableId target, List<String> columns, boolean hasOne) {
        List<String> changes = new ArrayList<>();
        if (hasOne) {
            changes.add("DROP PRIMARY KEY");
        }
        if (!columns.isEmpty()) {
            changes.add("ADD PRIMARY KEY (" + dialect.columnList(columns) + ")");
        }
        return changes.isEmpty() ? List.of() : List.of("ALTER TABLE " + dialect.table(target) + " "
                + String.join(", ", changes));
    }

    @Override
    public List<String> alterColumn(TableId target, TableStructure structure, Column column, Set<ColumnChange> changed,
            List<String> warnings) {
        // MODIFY restates the whole column, so any change is the same statement.
        return List.of("ALTER TABLE " + dialect.table(target) + " MODIFY COLUMN "
                + columnDefinition(target, structure, column, warnings));
    }

    /** The columns' types; {@code keyed}: the columns of the primary and unique keys. */
    private List<String> columnTypes(TableId target, TableStructure structure, Set<String> keyed,
            List<String> warnings) {
        List<String> types = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        for (Column column : structure.columns()) {
            types.add(type(target, structure, column, keyed.contains(column.name()), warnings));
            keys.add(keyed.contains(column.name()));
        }
        return MySqlDialect.fitRowSize(types, keys);
    }

    /** The plain b-tree keys the table lacks, added once the full sync is over. */
    @Override
    public List<String> deferredIndexes(Connection connection, TableId target, TableStructure structure)
            throws SQLException {
        List<String> types = columnTypes(target, structure, keyed(structure), new ArrayList<>());
        List<String> statements = new ArrayList<>();
        for (Index index : structure.indexes()) {
            if (index.unique() || !index.expressions().isEmpty() || index.predicate() != null
                    || !"btree".equals(index.method()) || hasIndex(connection, target, index.name())) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (String name : index.columns()) {
                String type = types.get(structure.columns().indexOf(structure.column(name)));
                // TEXT and BLOB columns are indexed by a prefix.
                parts.add(dialect.quote(name) + (UNSIZED_TYPES.contains(type) ? "(255)" : ""));
            }
            statements.add("ALTER TABLE " + dialect.table(target) + " ADD KEY " + dialect.quote(index.name()) + " ("
                    + String.join(", ", parts) + ")");
        }
        return statements;
    }

    private static boolean hasIndex(Connection connection, TableId table, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = coalesce(?, DATABASE()) AND TABLE_NAME = ? AND INDEX_NAME = ?")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            statement.setString(3, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The serial or identity column MySQL can make AUTO_INCREMENT: one per table, and it must lead
     * an index, so the first primary key column.
     */
    private static Column autoIncrementColumn(TableId target, TableStructure structure, List<String> warnings) {
        Column chosen = null;
        for (Column column : structure.columns()) {
            if (column.sequence() == null) {
                continue;
            }
            boolean leadsKey = !structure.primaryKey().isEmpty() && structure.primaryKey().get(0).equals(column.name());
            if (chosen == null && leadsKey && column.sequence().increment() > 0) {
                chosen = column;
            } else {
                warnings.add("column " + column.name() + " of " + target + " draws from sequence "
                        + column.sequence().name() + ", which has no MySQL counterpart (only the first primary key "
                        + "column can be AUTO_INCREMENT); inserts on the target must give its value");
            }
        }
        return chosen;
    }

    /** The MySQL type for a PostgreSQL column; {@code key}: part of the primary key or a unique key. */
    String type(TableId target, TableStructure structure, Column column, boolean key, List<String> warnings) {
        if (column.array()) {
            return "JSON";
        }
        for (EnumType type : structure.enumTypes()) {
            if (type.name().equals(column.baseType()) && type.schema().equals(column.typeSchema())) {
                return "ENUM(" + String.join(", ", type.labels().stream().map(MySqlStructureDdl::literal).toList())
                        + ")";
            }
        }
        Optional<Integer> length = Optional.ofNullable(column.length());
        Optional<Integer> fraction = Optional.ofNullable(column.precision());
        String base = column.builtInType() ? column.baseType() : "";
        return switch (base) {
            case "int2" -> "SMALLINT";
            case "int4" -> "INT";
            case "oid" -> "BIGINT";
            case "int8" -> "BIGINT";
            case "float4" -> "FLOAT";
            case "float8" -> "DOUBLE";
            case "bool" -> "BOOLEAN";
            case "numeric" -> decimal(target, column, warnings);
            case "money" -> "DECIMAL(19,2)";
            case "varchar", "bpchar" -> MySqlDialect.declaredType(new SourceColumnType(base, length, Optional.empty()), key)
                    .orElseGet(() -> text(target, column, key, warnings));
            case "timestamp", "timestamptz" -> "DATETIME(" + fraction.orElse(6) + ")";
            case "time", "timetz" -> "TIME(" + fraction.orElse(6) + ")";
            case "date" -> "DATE";
            case "interval" -> "VARCHAR(64)";
            case "json", "jsonb" -> "JSON";
            case "uuid" -> "CHAR(36)";
            case "inet", "cidr" -> "VARCHAR(64)";
            case "macaddr", "macaddr8" -> "VARCHAR(23)";
            // Debezium sends bit(1) as a boolean, longer bit strings as bytes.
            case "bit" -> Integer.valueOf(1).equals(column.length()) ? "BIT(1)" : key ? "VARBINARY(255)" : "LONGBLOB";
            case "bytea", "varbit" -> key ? "VARBINARY(255)" : "LONGBLOB";
            case "char" -> "CHAR(1)";
            case "name" -> "VARCHAR(64)";
            case "text", "xml", "tsvector", "tsquery", "citext" -> text(target, column, key, warnings);
            default -> {
                warnings.add("column " + column.name() + " of " + target + " has type " + column.type()
                        + ", which has no MySQL counterpart; it is created as " + (key ? "VARCHAR(768)" : "LONGTEXT")
                        + " holding the value's text");
                yield text(target, column, key, null);
            }
        };
    }

    private static String text(TableId target, Column column, boolean key, List<String> warnings) {
        if (!key) {
            return "LONGTEXT";
        }
        if (warnings != null) {
            warnings.add("key column " + column.name() + " of " + target + " (" + column.type() + ") is created as VARCHAR("
                    + MySqlDialect.MAX_KEY_CHARACTERS + "), InnoDB's longest indexable text; longer values are refused");
        }
        return "VARCHAR(" + MySqlDialect.MAX_KEY_CHARACTERS + ")";
    }

    private static String decimal(TableId target, Column column, List<String> warnings) {
        Integer precision = column.precision();
        Integer scale = column.scale();
        if (precision == null) {
            warnings.add("column " + column.name() + " of " + target + " is numeric without precision: MySQL's "
                    + "DECIMAL(65,30) rounds values to 30 decimal places and refuses more than 35 integer digits");
            return "DECIMAL(65,30)";
        }
        int s = scale == null ? 0 : scale;
        if (precision > 65 || s > 30 || s < 0) {
            warnings.add("column " + column.name() + " of " + target + " is " + column.type() + ", beyond MySQL's "
                    + "DECIMAL(65,30); it is created as DECIMAL(65,30) and values that do not fit are refused");
            return "DECIMAL(65,30)";
        }
        return "DECIMAL(" + precision + "," + s + ")";
    }

    /** The DEFAULT clause's value when PostgreSQL's default translates; a warning otherwise. */
    private Optional<String> defaultClause(TableId target, Column column, String type, List<String> warnings) {
        String expression = column.defaultExpression();
        if (expression == null || expression.toUpperCase(Locale.ROOT).startsWith("NULL")) {
            return Optional.empty();
        }
        String trimmed = expression.trim();
        boolean expressionOnly = UNSIZED_TYPES.contains(type);
        Matcher number = NUMBER.matcher(trimmed);
        if (number.matches()) {
            return Optional.of(expressionOnly ? "(" + number.group(1) + ")" : number.group(1));
        }
        if (trimmed.equals("true") || trimmed.equals("false")) {
            return Optional.of(trimmed.toUpperCase(Locale.ROOT));
        }
        Matcher string = STRING.matcher(trimmed);
        if (string.matches() && !type.startsWith("DATETIME") && !type.startsWith("TIME") && !type.equals("DATE")) {
            String value = literal(string.group(1).replace("''", "'"));
            return Optional.of(expressionOnly ? "(" + value + ")" : value);
        }
        if (NOW.contains(trimmed.toLowerCase(Locale.ROOT)) && type.startsWith("DATETIME")) {
            return Optional.of("CURRENT_TIMESTAMP" + type.substring("DATETIME".length()));
        }
        warnings.add("default " + expression + " of column " + column.name() + " of " + target
                + " has no MySQL translation and is left out");
        return Optional.empty();
    }

    @Override
    public String addColumn(TableId target, TableStructure structure, Column column, List<String> warnings) {
        return "ALTER TABLE " + dialect.table(target) + " ADD COLUMN " + dialect.quote(column.name()) + " "
                + type(target, structure, column, false, warnings) + " NULL";
    }

    @Override
    public Optional<Boolean> foreignKeyState(Connection connection, TableId table, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM information_schema."
                + "TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = coalesce(?, DATABASE()) AND TABLE_NAME = ? AND "
                + "CONSTRAINT_NAME = ? AND CONSTRAINT_TYPE = 'FOREIGN KEY'")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            statement.setString(3, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(true) : Optional.empty();
            }
        }
    }

    @Override
    public String dropForeignKey(TableId table, String name) {
        return "ALTER TABLE " + dialect.table(table) + " DROP FOREIGN KEY " + dialect.quote(name);
    }

    /** Added under the sink's FOREIGN_KEY_CHECKS=0 (foreign.key.checks.disabled), which checks no rows. */
    @Override
    public String addForeignKey(TableId table, ForeignKey key, TableId referenced) {
        return "ALTER TABLE " + dialect.table(table) + " ADD CONSTRAINT " + dialect.quote(key.name()) + " FOREIGN KEY ("
                + dialect.columnList(key.columns()) + ") REFERENCES " + dialect.table(referenced) + " ("
                + dialect.columnList(key.referencedColumns()) + ") ON UPDATE " + key.onUpdate() + " ON DELETE "
                + key.onDelete();
    }

    /** Drivers report BOOLEAN, JSON and ENUM columns variously; those are not compared. */
    @Override
    public String reportedType(TableId target, TableStructure structure, Column column) {
        String type = type(target, structure, column, structure.primaryKey().contains(column.name()), new ArrayList<>());
        String name = type.replaceAll("\\(.*", "").toLowerCase(Locale.ROOT);
        return Set.of("boolean", "json", "enum").contains(name) ? null : name;
    }

    @Override
    public List<String> moveSequencesForward(TableId target, TableStructure structure) {
        Column column = autoIncrementColumn(target, structure, new ArrayList<>());
        if (column == null || !column.sequence().called()) {
            return List.of();
        }
        Sequence sequence = column.sequence();
        // InnoDB never sets the counter at or below the largest value in use, so this only moves it forward
        // past the target's own rows.
        return List.of("ALTER TABLE " + dialect.table(target) + " AUTO_INCREMENT = " + sequence.nextValue());
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
