package dev.ferry.contract;

/**
 * The shape of the source's heartbeat table, shared by connectors (one row per slot): the source
 * writes it, the sink recognises its records by table name and reads {@value #TS}, and the
 * {@code ferry} command reads and deletes rows. The {@value #TOPIC_PREFIX} column records which
 * connector owns the slot, so a second connector whose topic.prefix maps to the same slot name
 * ({@code app.prod} and {@code app_prod}) is refused instead of taking the slot over.
 */
public final class HeartbeatTable {

    public static final String SLOT_NAME = "slot_name";
    public static final String TS = "ts";
    public static final String TOPIC_PREFIX = "topic_prefix";

    private HeartbeatTable() {
    }

    /** Creates the table when missing; the column added later to older tables, idempotently. */
    public static String[] createStatements(String quotedTable) {
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + quotedTable + " (" + SLOT_NAME + " text PRIMARY KEY, " + TS
                    + " timestamptz NOT NULL, " + TOPIC_PREFIX + " text)",
            "ALTER TABLE " + quotedTable + " ADD COLUMN IF NOT EXISTS " + TOPIC_PREFIX + " text"};
    }

    /** Upsert of one slot's row: parameters slot name, topic prefix. */
    public static String upsert(String quotedTable) {
        return "INSERT INTO " + quotedTable + " (" + SLOT_NAME + ", " + TS + ", " + TOPIC_PREFIX
                + ") VALUES (?, clock_timestamp(), ?) ON CONFLICT (" + SLOT_NAME + ") DO UPDATE SET " + TS
                + " = EXCLUDED." + TS + ", " + TOPIC_PREFIX + " = EXCLUDED." + TOPIC_PREFIX;
    }

    /**
     * The topic prefix recorded for a slot (parameter: slot name); no row, or a null value, when
     * no connector has written one. Reads through a row-to-JSON cast so that a table created by
     * an older Ferry, without the column, answers null instead of failing.
     */
    public static String ownerQuery(String quotedTable) {
        return "SELECT to_jsonb(h) ->> '" + TOPIC_PREFIX + "' FROM " + quotedTable + " h WHERE " + SLOT_NAME + " = ?";
    }
}
