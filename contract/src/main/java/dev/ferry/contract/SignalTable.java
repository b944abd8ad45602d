package dev.ferry.contract;

/**
 * Debezium's signaling table of one source connector ({@code signal.data.collection}),
 * {@code <slot>_signal} in the heartbeat table's schema: the source asks Debezium through it for
 * an incremental snapshot of tables added to a running connector's selection, and Debezium writes
 * its snapshot windows' watermarks into it. One per connector, as each connector's Debezium acts
 * on every signal it reads. The source creates it, {@code ferry cleanup} drops it, so both name it here.
 */
public final class SignalTable {

    private SignalTable() {
    }

    /** The table's name (without schema) for the connector of {@code slotName}. */
    public static String name(String slotName) {
        return slotName + "_signal";
    }

    /** The table in Debezium's documented shape, when missing. */
    public static String createTable(String quotedTable) {
        return "CREATE TABLE IF NOT EXISTS " + quotedTable
                + " (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(8192))";
    }
}
