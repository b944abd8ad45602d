package dev.ferry.sink.dialect.mysql;

import dev.ferry.sink.dialect.BulkLoad;
import dev.ferry.sink.dialect.JsonText;
import dev.ferry.sink.dialect.TextRows;
import dev.ferry.sink.event.TableId;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code LOAD DATA LOCAL INFILE} from a stream (MariaDB Connector/J's
 * {@code setLocalInfileInputStream}). With LOCAL the server turns what would be errors (a
 * duplicate key, a value that does not fit) into warnings and goes on, so a load that leaves any
 * warning fails here, and the caller rolls it back and writes the rows by statement, where strict
 * mode raises them as errors. Each value is written as the text Connector/J would send for it,
 * and only into columns where the server reads that text the same way in a file as in a
 * statement: strings (and JSON) anywhere; integers, decimals, floating point, dates and times
 * only into columns of their kind (an integer in a file is text to a BIT column, a number in a
 * statement is not). Anything else (bytes, bits, PostgreSQL's infinities) is left to statements.
 */
final class MySqlLoadData implements BulkLoad {

    /** Bytes gathered per LOAD DATA statement. */
    private static final int LOAD_BYTES = 8 * 1024 * 1024;

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    /** Column kinds that read an integer the same from a file as from a statement ("boolean" is tinyint(1)). */
    private static final Set<String> INTEGER_TYPES = Set.of("tinyint", "boolean", "smallint", "mediumint", "int",
            "integer", "bigint", "decimal", "double", "float");
    /** Text columns, which store an integer as its digits either way. */
    private static final Set<String> TEXT_TYPES = Set.of("char", "varchar", "tinytext", "text", "mediumtext",
            "longtext");
    private static final Set<String> FLOATING_TYPES = Set.of("double", "float");

    /**
     * The errors of a server (or driver) that allows no {@code LOAD DATA LOCAL}: MySQL's and
     * MariaDB's "command not allowed" (1148), MySQL 8's "loading local data is disabled" (3948,
     * {@code local_infile=OFF}, its default) and MariaDB's "local infile capability disabled" (4166).
     */
    private static final Set<Integer> LOCAL_INFILE_DISABLED = Set.of(1148, 3948, 4166);

    private final MySqlDialect dialect;

    MySqlLoadData(MySqlDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public boolean refusedForGood(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && LOCAL_INFILE_DISABLED.contains(sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Load open(Connection connection, TableId table, List<String> columns, Map<String, String> columnTypes) {
        String sql = "LOAD DATA LOCAL INFILE 'ferry-rows' INTO TABLE " + dialect.table(table)
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + dialect.columnList(columns) + ")";
        String[] types = new String[columns.size()];
        for (int i = 0; i < types.length; i++) {
            String type = columnTypes.get(columns.get(i));
            // "bigint unsigned", "decimal(10,2)": the kind is the first word.
            types[i] = type == null ? null : type.split("[ (]", 2)[0].toLowerCase(Locale.ROOT);
        }
        return new FileLoad(connection, sql, types);
    }

    /** Rows gathered as a tab-separated file, loaded whenever it reaches {@link #LOAD_BYTES} and at the end. */
    private static final class FileLoad implements Load {

        private final Connection connection;
        private final String sql;
        private final String[] types;
        private final TextRows rows = new TextRows(this::columnText, true);
        private final StringBuilder file = new StringBuilder();
        private long stored;

        FileLoad(Connection connection, String sql, String[] types) {
            this.connection = connection;
            this.sql = sql;
            this.types = types;
        }

        @Override
        public boolean add(List<Object> values) throws SQLException {
            if (!rows.append(values, types.length, file)) {
                return false;
            }
            if (file.length() >= LOAD_BYTES) {
                load();
            }
            return true;
        }

        private String columnText(Object value, int column) {
            return text(value, types[column]);
        }

        /** Connector/J's text for {@code value}, if a {@code type} column reads it alike from a file; else null. */
        private static String text(Object value, String type) {
            if (value instanceof String s) {
                return s;
            }
            if (value instanceof List<?> || value instanceof Map<?, ?>) {
                return JsonText.write(value);
            }
            if (type == null) {
                return null;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return INTEGER_TYPES.contains(type) || TEXT_TYPES.contains(type) ? value.toString() : null;
            }
            if (value instanceof Boolean b) {
                return INTEGER_TYPES.contains(type) ? (b ? "1" : "0") : null;
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                // A statement's "-0.0" is a decimal literal, stored as 0; the file's is stored as -0.
                boolean negativeZero = Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
                return FLOATING_TYPES.contains(type) && Double.isFinite(d) && !negativeZero ? value.toString() : null;
            }
            if (value instanceof BigDecimal decimal) {
                return type.equals("decimal") ? decimal.toPlainString() : null;
            }
            if (value instanceof LocalDate date) {
                return type.equals("date") && inRange(date.getYear()) ? date.toString() : null;
            }
            if (value instanceof OffsetDateTime timestamp) {
                return dateTime(timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), type);
            }
            if (value instanceof LocalDateTime timestamp) {
                return dateTime(timestamp, type);
            }
            if (value instanceof OffsetTime time) {
                return type.equals("time") ? TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime()) : null;
            }
            if (value instanceof LocalTime time) {
                return type.equals("time") ? TIME.format(time) : null;
            }
            return null;
        }

        private static String dateTime(LocalDateTime timestamp, String type) {
            return (type.equals("datetime") || type.equals("timestamp")) && inRange(timestamp.getYear())
                    ? DATE_TIME.format(timestamp) : null;
        }

        /** Years a file and a statement both write as four digits. */
        private static boolean inRange(int year) {
            return year >= 1000 && year <= 9999;
        }

        private void load() throws SQLException {
            byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
            file.setLength(0);
            try (Statement statement = connection.createStatement()) {
                statement.unwrap(org.mariadb.jdbc.Statement.class)
                        .setLocalInfileInputStream(new ByteArrayInputStream(bytes));
                stored += statement.executeUpdate(sql);
                SQLWarning warning = statement.getWarnings();
                if (warning != null) {
                    throw new SQLDataException("LOAD DATA left warnings, first: " + warning.getMessage(), "01000");
                }
            }
        }

        @Override
        public long finish() throws SQLException {
            if (file.length() > 0) {
                load();
            }
            return stored;
        }

        @Override
        public void close() {
            file.setLength(0);
        }
    }
}
