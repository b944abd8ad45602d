package dev.ferry.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a query's rows into database-neutral strings, so rows of PostgreSQL and MySQL compare
 * equal when they hold the same values: numbers without trailing zeros, JSON canonical, arrays as
 * JSON, bytes as hex, timestamps as UTC local date-times, booleans as true/false.
 */
public final class TableDigest {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private TableDigest() {
    }

    /** One string per row, in the query's order. Order the query by the primary key. */
    public static List<String> rows(Connection connection, String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " | ").append(normalize(rs.getObject(i)));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("digest query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 over the normalized rows: equal checksums mean equal tables. */
    public static String checksum(List<String> rows) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String row : rows) {
                digest.update(row.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
            Object[] elements = (Object[]) array.getArray();
            return canonicalJson(JSON.valueToTree(elements));
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (value instanceof OffsetDateTime timestamp) {
            return timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
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
            } catch (java.io.IOException notJson) {
                return text;
            }
        }
        return text;
    }

    private static String canonicalJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (java.io.IOException e) {
            return node.toString();
        }
    }
}
