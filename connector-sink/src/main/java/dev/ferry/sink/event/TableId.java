package dev.ferry.sink.event;

/**
 * A table name with an optional schema (PostgreSQL schema, MySQL database). Unquoted; dialects
 * quote it. Either part may contain dots, quotes or spaces.
 */
public record TableId(String schema, String table) {

    /** {@code prefix.schema.table} → (schema, table); a topic without dots names the table alone. */
    public static TableId ofTopic(String topic) {
        String[] parts = topic.split("\\.");
        if (parts.length >= 3) {
            return new TableId(parts[parts.length - 2], parts[parts.length - 1]);
        }
        return parts.length == 2 ? new TableId(parts[0], parts[1]) : new TableId(null, parts[0]);
    }

    @Override
    public String toString() {
        return schema == null ? table : schema + "." + table;
    }
}
