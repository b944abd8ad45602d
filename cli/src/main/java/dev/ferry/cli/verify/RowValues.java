package dev.ferry.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Reads column values and turns them into database-neutral text, so a PostgreSQL row and the MySQL
 * row Ferry's sink wrote for it compare equal: numbers without trailing zeros, timestamps with a
 * zone as UTC date-times, JSON canonical (keys sorted), arrays as JSON, bytes as hex.
 */
final class RowValues {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private RowValues() {
    }

    /** The column's value; PostgreSQL {@code timestamptz} as an {@link OffsetDateTime}, not a zone-dependent Timestamp. */
    static Object read(ResultSet rs, int column, String typeName) throws SQLException {
        if ("timestamptz".equalsIgnoreCase(typeName)) {
            return rs.getObject(column, OffsetDateTime.class);
        }
        return rs.getObject(column);
    }

    static String normalize(Object value) throws SQLException {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Float || value instanceof Double) {
            return normalize(BigDecimal.valueOf(((Number) value).doubleValue()));
        }
        if (value instanceof Number number) {
            return normalize(new BigDecimal(number.toString()));
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Array array) {
            return canonicalJson(JSON.valueToTree(array.getArray()));
        }
        if (value instanceof OffsetDateTime timestamp) {
            return timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (value instanceof LocalDateTime timestamp) {
            return timestamp.toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        String text = value.toString();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                return canonicalJson(JSON.readTree(text));
            } catch (IOException notJson) {
                return text;
            }
        }
        return text;
    }

    /** A value read from the source, in the form the target's driver binds. */
    static Object forTarget(Object value, boolean mySqlTarget) throws SQLException {
        if (value instanceof Array array) {
            Object elements = array.getArray();
            if (mySqlTarget) {
                try {
                    return JSON.writeValueAsString(elements);
                } catch (IOException e) {
                    throw new SQLException("cannot write an array as JSON", e);
                }
            }
            return elements;
        }
        if (value instanceof org.postgresql.util.PGobject object) {
            return object.getValue();
        }
        if (mySqlTarget && value instanceof OffsetDateTime timestamp) {
            return timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (mySqlTarget && value instanceof java.util.UUID uuid) {
            return uuid.toString();
        }
        return value;
    }

    private static String canonicalJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (IOException e) {
            return node.toString();
        }
    }
}
