package dev.ferry.sink.event;

/**
 * A table name with an optional schema (PostgreSQL schema, MySQL database). Unquoted; dialects
 * quote it. Either part may contain dots, quotes or spaces.
 */
public record TableId(String schema, String table) {

    @Override
    public String toString() {
        return schema == null ? table : schema + "." + table;
    }
}
