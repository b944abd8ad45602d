package dev.ferry.cli.status;

import java.util.List;

/**
 * What a PostgreSQL source shows from its offsets, its database and its heartbeat topic.
 * {@code slot} is null when the slot does not exist; {@code heartbeat} null when none was read.
 */
public record SourceState(boolean snapshotting, String slotName, SlotState slot, HeartbeatState heartbeat,
        String heartbeatNote, List<SourceTableState> tables, List<DdlCommand> recentDdl) {

    /** The replication slot: retained WAL is what the slot keeps the server from recycling. */
    public record SlotState(boolean active, long retainedWalBytes, long unconfirmedWalBytes) {
    }

    /** The newest heartbeat in Kafka: source commit → Kafka in {@code latencyMillis}, written {@code ageMillis} ago. */
    public record HeartbeatState(long latencyMillis, long ageMillis) {
    }

    /**
     * A captured table; while the snapshot runs, the records in its topic against the planner's
     * row estimate ({@code -1} when streaming, where topic sizes say nothing about progress).
     */
    public record SourceTableState(String table, String topic, boolean snapshotting, long rowsInTopic, long estimatedRows) {

        /** Percent of the estimate, capped at 99 while the snapshot runs: estimates are only estimates. */
        public int snapshotPercent() {
            if (!snapshotting) {
                return 100;
            }
            if (estimatedRows <= 0) {
                return 0;
            }
            return (int) Math.min(99, rowsInTopic * 100 / estimatedRows);
        }
    }

    /** A DDL command captured by ddl.sync; {@code replicated} false when it ran where the trigger does not replicate it. */
    public record DdlCommand(String created, String commandTag, String objectIdentity, boolean replicated) {
    }
}
