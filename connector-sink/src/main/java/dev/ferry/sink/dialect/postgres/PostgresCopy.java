package dev.ferry.sink.dialect.postgres;

import dev.ferry.sink.dialect.BulkLoad;
import dev.ferry.sink.dialect.TextRows;
import dev.ferry.sink.event.TableId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.TimestampUtils;

/**
 * {@code COPY … FROM STDIN} in text format. Each value must end up in the column exactly as
 * {@link PostgresDialect#bind} would store it:
 * <ul>
 *   <li>what bind sends untyped (strings, arrays, JSON, bits, booleans, infinities) is read by the
 *       column's input function either way, so it is copied into any column;</li>
 *   <li>what bind sends typed (numbers, bytes, dates and times) is copied only into a column of
 *       that type (or, for integers, one that holds them exactly), written as pgjdbc writes it;
 *       anywhere else the server's cast between the types could store something else (a
 *       {@code double} cast to {@code numeric} keeps 15 digits, its text all 17), so the row is
 *       left to the statements.</li>
 * </ul>
 */
final class PostgresCopy implements BulkLoad {

    /** Bytes gathered before they are sent to the server. */
    private static final int SEND_BYTES = 64 * 1024;

    /** pgjdbc's type names of the columns an integer is copied into (integers cast to these exactly, or fail alike). */
    private static final Set<String> INTEGER_COLUMNS = Set.of("int2", "int4", "int8", "smallserial", "serial",
            "bigserial", "numeric", "float8");

    private final PostgresDialect dialect;

    PostgresCopy(PostgresDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public Load open(Connection connection, TableId table, List<String> columns, Map<String, String> columnTypes)
            throws SQLException {
        StringBuilder sql = new StringBuilder("COPY ").append(dialect.table(table)).append(" (")
                .append(dialect.columnList(columns)).append(") FROM STDIN");
        String[] types = new String[columns.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = columnTypes.get(columns.get(i));
        }
        return new TextLoad(connection, sql.toString(), types,
                connection.unwrap(BaseConnection.class).getTimestampUtils());
    }

    /** One COPY, started with the first row that can be copied. */
    private static final class TextLoad implements Load {

        private final Connection connection;
        private final String sql;
        private final String[] types;
        private final TimestampUtils timestamps;
        private final TextRows rows = new TextRows(this::text, false);
        private final StringBuilder pending = new StringBuilder();
        private CopyIn copy;

        TextLoad(Connection connection, String sql, String[] types, TimestampUtils timestamps) {
            this.connection = connection;
            this.sql = sql;
            this.types = types;
            this.timestamps = timestamps;
        }

        @Override
        public boolean add(List<Object> values) throws SQLException {
            if (!rows.append(values, types.length, pending)) {
                return false;
            }
            if (pending.length() >= SEND_BYTES) {
                send();
            }
            return true;
        }

        /** The value's text: as bind sends it untyped, else pgjdbc's typed text if the column stores it as is. */
        private String text(Object value, int column) {
            String untyped = PostgresDialect.untypedText(value);
            return untyped != null ? untyped : typedText(value, types[column]);
        }

        /** pgjdbc's text for a value it binds with a type, if a {@code type} column stores it as is; else null. */
        private String typedText(Object value, String type) {
            if (type == null) {
                return null;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return INTEGER_COLUMNS.contains(type) ? value.toString() : null;
            }
            if (value instanceof Double d) {
                return type.equals("float8") ? d.toString() : null;
            }
            if (value instanceof Float f) {
                // A float4 parameter widens exactly into float8; its shortest text would not.
                return type.equals("float4") ? f.toString() : type.equals("float8") ? Double.toString(f) : null;
            }
            if (value instanceof BigDecimal decimal) {
                return type.equals("numeric") ? decimal.toString() : null;
            }
            if (value instanceof byte[] bytes) {
                return type.equals("bytea") ? "\\x" + HexFormat.of().formatHex(bytes) : null;
            }
            if (value instanceof LocalDate date) {
                return type.equals("date") ? timestamps.toString(date) : null;
            }
            if (value instanceof LocalDateTime timestamp) {
                return type.equals("timestamp") ? timestamps.toString(timestamp) : null;
            }
            if (value instanceof OffsetDateTime timestamp) {
                return type.equals("timestamptz") ? timestamps.toString(timestamp) : null;
            }
            if (value instanceof LocalTime time) {
                return type.equals("time") ? timestamps.toString(time) : null;
            }
            if (value instanceof OffsetTime time) {
                return type.equals("timetz") ? timestamps.toString(time) : null;
            }
            return null;
        }

        private void send() throws SQLException {
            if (copy == null) {
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            }
            byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
            pending.setLength(0);
            copy.writeToCopy(bytes, 0, bytes.length);
        }

        @Override
        public long finish() throws SQLException {
            if (pending.length() > 0) {
                send();
            }
            return copy == null ? 0 : copy.endCopy();
        }

        @Override
        public void close() throws SQLException {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
