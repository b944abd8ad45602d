package dev.ferry.sink.dialect.mysql;

import dev.ferry.contract.TargetNaming;
import dev.ferry.sink.dialect.BitString;
import dev.ferry.sink.dialect.BulkLoad;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.InfiniteTemporal;
import dev.ferry.sink.dialect.JsonText;
import dev.ferry.sink.dialect.SourceColumnType;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.dialect.TableMetadata;
import dev.ferry.sink.event.TableId;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;

/**
 * MySQL, MariaDB and RDS for MySQL, through the MariaDB driver. Upserts are
 * {@code INSERT … ON DUPLICATE KEY UPDATE} of every column, which updates the row in place: not
 * {@code REPLACE INTO}, which deletes the old row first (firing {@code ON DELETE CASCADE} on its
 * children when foreign-key checks are on) and also deletes any other row holding the same value
 * of a secondary unique key. Each upsert's first assignment is a guard (see
 * {@link #sameRowGuard}) that turns a conflict with another row into an error, so the batch is
 * replayed in source order instead of overwriting or deleting that row. Rows with unchanged TOAST
 * columns update only the known columns, to keep the others. Zoned timestamps are stored in UTC
 * ({@code DATETIME(6)}); arrays, maps and structs as JSON.
 */
public final class MySqlDialect implements Dialect {

    private static final int ER_BAD_NULL_ERROR = 1048;
    static final int MAX_KEY_CHARACTERS = 768;
    private static final int ROWS_PER_INSERT = 256;
    private static final int MAX_INLINE_VARCHAR = 255;
    private static final int MAX_TEXT_CHARACTERS = 16_383;
    private static final int MAX_CHAR = 255;
    /** InnoDB's row limit for VARCHAR data, less room for the other columns' fixed parts. */
    private static final long MAX_ROW_VARCHAR_BYTES = 60_000;

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public Connection connect(String url, String user, String password) throws SQLException {
        Properties props = Dialect.credentials(user, password);
        return new org.mariadb.jdbc.Driver().connect(TargetNaming.mariaDbDriverUrl(url), props);
    }

    @Override
    public List<String> sessionSetup(boolean disableForeignKeyChecks, long timeoutMs) {
        List<String> statements = new ArrayList<>();
        statements.add("SET time_zone = '+00:00'");
        // Strict: a value that does not fit is an error, never a silent truncation.
        statements.add("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'");
        if (disableForeignKeyChecks) {
            statements.add("SET FOREIGN_KEY_CHECKS = 0");
        }
        if (timeoutMs > 0) {
            long seconds = Math.max(1, timeoutMs / 1000);
            statements.add("SET SESSION innodb_lock_wait_timeout = " + seconds);
            // MariaDB's statement limit; MySQL has none for writes and refuses the setting (logged).
            statements.add("SET SESSION max_statement_time = " + seconds);
        }
        return statements;
    }

    /** {@code LOAD DATA LOCAL INFILE} from a stream: {@link MySqlLoadData}. */
    @Override
    public Optional<BulkLoad> bulkLoad() {
        return Optional.of(new MySqlLoadData(this));
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** The schema part of a name is a MySQL database; by default every table goes to the URL's. */
    @Override
    public String defaultTableNameFormat() {
        return TargetNaming.MYSQL_TABLE_NAME_FORMAT;
    }

    @Override
    public List<String> targetProblems(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT @@character_set_database, DATABASE()")) {
            if (rs.next() && !"utf8mb4".equalsIgnoreCase(rs.getString(1))) {
                return List.of("database " + rs.getString(2) + " uses character set " + rs.getString(1)
                        + "; PostgreSQL text needs utf8mb4 (emoji and all of Unicode). Run ALTER DATABASE `"
                        + rs.getString(2) + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin.");
            }
        }
        return List.of();
    }

    /**
     * Multi-row {@code INSERT … VALUES (…), (…) ON DUPLICATE KEY UPDATE}: one statement and one
     * round trip for many rows, where Connector/J's batch sends the upsert row by row
     * (benchmarks/RESULTS.md). {@code VALUES(col)} in the update names each row's own value.
     */
    @Override
    public int rowsPerInsert() {
        return ROWS_PER_INSERT;
    }

    @Override
    public BoundSql upsert(TableId table, List<String> columns, List<String> keyColumns) {
        return onDuplicateKeyUpdate(table, columns, keyColumns, columns);
    }

    @Override
    public BoundSql partialUpsert(TableId table, List<String> columns, List<String> keyColumns) {
        return onDuplicateKeyUpdate(table, columns, keyColumns, columns);
    }

    /** The guard alone: an existing row with this key stays as it is; data errors still raise. */
    @Override
    public BoundSql insertIfAbsent(TableId table, List<String> columns, List<String> keyColumns) {
        return onDuplicateKeyUpdate(table, columns, keyColumns, List.of());
    }

    /** A 1048 from an upsert's guard means the conflict was with another row, on a unique key. */
    @Override
    public String explain(SQLException error) {
        return error.getErrorCode() == ER_BAD_NULL_ERROR
                ? "if the column is part of the primary key: the row's value of a secondary unique key is held by "
                        + "another target row, which Ferry does not overwrite or delete"
                : null;
    }

    private BoundSql onDuplicateKeyUpdate(TableId table, List<String> columns, List<String> keyColumns,
            List<String> assigned) {
        StringBuilder sql = new StringBuilder(insert(table, columns).sql()).append(" ON DUPLICATE KEY UPDATE ")
                .append(sameRowGuard(keyColumns));
        for (String name : assigned) {
            if (!keyColumns.contains(name)) {
                String column = quote(name);
                sql.append(", ").append(column).append(" = VALUES(").append(column).append(')');
            }
        }
        return new BoundSql(sql.toString(), columns);
    }

    /**
     * ON DUPLICATE KEY UPDATE fires on a conflict with any unique key and then updates the row it
     * collided with. When that row has another primary key, it is not the row being written:
     * setting its first key column to NULL fails the statement (NOT NULL, strict sql_mode, error
     * 1048, SQLSTATE 23000, a data error) instead of turning the other row into this one. When the
     * keys match, the key column is assigned to itself. It comes first because later assignments
     * see the values earlier ones set.
     */
    private String sameRowGuard(List<String> keyColumns) {
        StringBuilder sameRow = new StringBuilder();
        for (String name : keyColumns) {
            String column = quote(name);
            sameRow.append(sameRow.length() == 0 ? "" : " AND ").append(column).append(" <=> VALUES(").append(column)
                    .append(')');
        }
        String first = quote(keyColumns.get(0));
        return first + " = IF(" + sameRow + ", " + first + ", NULL)";
    }

    /** TRUNCATE commits implicitly in MySQL; DELETE keeps the flush in one transaction. */
    @Override
    public List<String> truncate(List<TableId> tables) {
        return deleteAll(tables);
    }

    @Override
    public List<String> createTable(TableId table, List<ColumnSpec> columns, List<String> keyColumns) {
        List<String> statements = new ArrayList<>();
        if (table.schema() != null) {
            statements.add("CREATE DATABASE IF NOT EXISTS " + quote(table.schema())
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table(table)).append(" (");
        List<String> types = fitRowSize(columns);
        for (int i = 0; i < columns.size(); i++) {
            ColumnSpec column = columns.get(i);
            sql.append(quote(column.name())).append(' ').append(types.get(i))
                    .append(column.key() ? " NOT NULL" : " NULL").append(", ");
        }
        // utf8mb4_bin compares like PostgreSQL: 'a' and 'A' are different keys.
        sql.append("PRIMARY KEY (").append(columnList(keyColumns))
                .append(")) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        statements.add(sql.toString());
        return statements;
    }

    private List<String> fitRowSize(List<ColumnSpec> columns) {
        List<String> types = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        for (ColumnSpec column : columns) {
            types.add(columnType(column.schema(), column.key()));
            keys.add(column.key());
        }
        return fitRowSize(types, keys);
    }

    /**
     * {@code types}, with the longest non-key VARCHARs turned into TEXT until the row's VARCHARs
     * fit InnoDB's 65,535-byte limit (four bytes per utf8mb4 character, two of length).
     */
    static List<String> fitRowSize(List<String> columnTypes, List<Boolean> keys) {
        List<String> types = new ArrayList<>(columnTypes);
        long bytes = 0;
        for (String type : types) {
            bytes += varcharBytes(type);
        }
        while (bytes > MAX_ROW_VARCHAR_BYTES) {
            int longest = -1;
            for (int i = 0; i < types.size(); i++) {
                if (!keys.get(i) && varcharBytes(types.get(i)) > 0
                        && (longest < 0 || varcharBytes(types.get(i)) > varcharBytes(types.get(longest)))) {
                    longest = i;
                }
            }
            if (longest < 0) {
                break;
            }
            bytes -= varcharBytes(types.get(longest));
            types.set(longest, "TEXT");
        }
        return types;
    }

    private static long varcharBytes(String type) {
        if (!type.startsWith("VARCHAR(")) {
            return 0;
        }
        return 4L * Integer.parseInt(type.substring("VARCHAR(".length(), type.length() - 1)) + 2;
    }

    @Override
    public StructureDdl structureDdl() {
        return new MySqlStructureDdl(this);
    }

    @Override
    public String addColumn(TableId table, ColumnSpec column) {
        return "ALTER TABLE " + table(table) + " ADD COLUMN " + quote(column.name()) + " "
                + columnType(column.schema(), false) + " NULL";
    }

    @Override
    public String columnType(Schema schema, boolean key) {
        Optional<String> declared = SourceColumnType.of(schema).flatMap(source -> declaredType(source, key));
        if (declared.isPresent()) {
            return declared.get();
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal": {
                    Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
                    int scale = Integer.parseInt(params.getOrDefault("scale", "0"));
                    int precision = Integer.parseInt(params.getOrDefault("connect.decimal.precision", "65"));
                    return "DECIMAL(" + Math.min(65, Math.max(precision, scale)) + "," + Math.min(30, scale) + ")";
                }
                case "io.debezium.data.VariableScaleDecimal":
                    return "DECIMAL(65,30)";
                case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date":
                    return "DATE";
                case "io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp",
                        "org.apache.kafka.connect.data.Timestamp", "io.debezium.time.ZonedTimestamp":
                    return "DATETIME(6)";
                case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime",
                        "org.apache.kafka.connect.data.Time", "io.debezium.time.ZonedTime":
                    return "TIME(6)";
                case "io.debezium.data.Json":
                    return "JSON";
                case "io.debezium.data.Uuid":
                    return "CHAR(36)";
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8 -> "TINYINT";
            case INT16 -> "SMALLINT";
            case INT32 -> "INT";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case BYTES -> key ? "VARBINARY(255)" : "LONGBLOB";
            case ARRAY, MAP, STRUCT -> "JSON";
            default -> key ? "VARCHAR(255)" : "LONGTEXT";
        };
    }

    /**
     * MySQL types for the source's declared ones. Lengths are characters; utf8mb4 takes up to four
     * bytes each, InnoDB indexes at most 3072 bytes (768 characters) and a row's VARCHARs share
     * 65,535 bytes, so a long varchar becomes TEXT/LONGTEXT unless it is part of the key.
     */
    static Optional<String> declaredType(SourceColumnType source, boolean key) {
        return switch (source.name()) {
            case "varchar" -> source.characterLength().map(n -> key ? "VARCHAR(" + Math.min(n, MAX_KEY_CHARACTERS) + ")"
                    : n <= MAX_INLINE_VARCHAR ? "VARCHAR(" + n + ")" : n <= MAX_TEXT_CHARACTERS ? "TEXT" : "LONGTEXT");
            case "bpchar" -> source.characterLength().map(n -> n <= MAX_CHAR ? "CHAR(" + n + ")"
                    : key ? "VARCHAR(" + Math.min(n, MAX_KEY_CHARACTERS) + ")" : "LONGTEXT");
            case "timestamp", "timestamptz" -> source.secondsPrecision().map(p -> "DATETIME(" + p + ")");
            case "time", "timetz" -> source.secondsPrecision().map(p -> "TIME(" + p + ")");
            // The longest text form: an IPv6 address with a zone or prefix, a 64-bit MAC address.
            case "inet", "cidr" -> Optional.of("VARCHAR(64)");
            case "macaddr", "macaddr8" -> Optional.of("VARCHAR(23)");
            default -> Optional.empty();
        };
    }

    @Override
    public Set<String> lengthBoundedTextTypes() {
        return LENGTH_BOUNDED_TEXT_TYPES;
    }

    private static final Set<String> LENGTH_BOUNDED_TEXT_TYPES = Set.of("varchar", "char");

    private static final Map<String, Integer> NUMERIC_RANKS = Map.of("tinyint", 1, "smallint", 2, "mediumint", 3,
            "int", 3, "integer", 3, "bigint", 4, "float", 11, "double", 12);

    @Override
    public Map<String, Integer> numericTypeRanks() {
        return NUMERIC_RANKS;
    }

    /** MODIFY restates the column: nullable, as Ferry creates non-key columns; key columns stay NOT NULL. */
    @Override
    public String changeColumnType(TableId table, String column, String type) {
        return "ALTER TABLE " + table(table) + " MODIFY COLUMN " + quote(column) + " " + type;
    }

    @Override
    public Optional<TableMetadata> readTable(Connection connection, TableId table) throws SQLException {
        String database = table.schema() != null ? table.schema() : connection.getCatalog();
        return TableMetadata.read(connection.getMetaData(), database, null, table.table());
    }

    /** Column names are case-insensitive in MySQL. */
    @Override
    public boolean sameColumn(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof InfiniteTemporal infinite) {
            throw new SQLDataException("PostgreSQL's '" + infinite.literal() + "' has no MySQL date or time value; "
                    + "change it on the source, or filter the row out with FilterRows", "22008");
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof BitString bits) {
            statement.setBytes(index, bits.bytes());
        } else if (value instanceof BigDecimal decimal) {
            statement.setBigDecimal(index, decimal);
        } else if (value instanceof OffsetDateTime timestamp) {
            statement.setObject(index, timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } else if (value instanceof OffsetTime time) {
            statement.setObject(index, time.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime());
        } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
            statement.setString(index, JsonText.write(value));
        } else {
            statement.setObject(index, value);
        }
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements dev.ferry.sink.dialect.DialectProvider {
        @Override
        public String name() {
            return "mysql";
        }

        @Override
        public int score(String jdbcUrl) {
            return TargetNaming.isMySqlFamily(jdbcUrl) ? 10 : 0;
        }

        @Override
        public Dialect create() {
            return new MySqlDialect();
        }
    }
}
