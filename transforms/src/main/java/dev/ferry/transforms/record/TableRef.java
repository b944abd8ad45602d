package dev.ferry.transforms.record;

/** A table as a change record names it; {@code schema} is null when the record carries none. */
public record TableRef(String schema, String table) {

    /** Ferry's own tables (heartbeat, DDL commands) are named {@code ferry_*}; transforms leave their records alone. */
    public boolean isFerryOwned() {
        return table.startsWith("ferry_");
    }

    @Override
    public String toString() {
        return schema == null ? table : schema + "." + table;
    }
}
