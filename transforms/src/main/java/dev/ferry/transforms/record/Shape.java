package dev.ferry.transforms.record;

/** The forms a record can take on a change-data topic. */
public enum Shape {
    /** A Debezium envelope: {@code before}, {@code after}, {@code source}, {@code op}. */
    ENVELOPE,
    /** A row after {@code ExtractNewRecordState}: the after-image, maybe with {@code __op}/{@code __deleted}. */
    FLATTENED,
    /** A null value with a key: a delete of that key. */
    TOMBSTONE,
    /** One of Ferry's schema records: a table's structure, renamed with the table and passed by filters. */
    SCHEMA_RECORD,
    /** Heartbeats, schema changes, transaction markers and Ferry's own tables: passed through untouched. */
    PASS_THROUGH
}
