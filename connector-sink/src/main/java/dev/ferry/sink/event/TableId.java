package dev.ferry.sink.event;

/**
 * A table name with an optional schema (PostgreSQL schema, MySQL database). Unquoted; dialects
 * quote it.
 */
public record TableId(String schema, String table) {

    public static TableId parse(String text) {
        int dot = text.indexOf('.');
        return dot < 0 ? new TableId(null, text) : new TableId(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return schema == null ? table : schema + "." + table;
    }
}
