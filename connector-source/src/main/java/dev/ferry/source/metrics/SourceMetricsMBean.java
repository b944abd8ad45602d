package dev.ferry.source.metrics;

/**
 * JMX view of a source task: {@code dev.ferry:type=source-task,connector=<name>}. Every attribute
 * is described in docs/metrics.md (MetricsIT reads each one listed there).
 */
public interface SourceMetricsMBean {

    /** Records the task handed to Kafka Connect: rows, snapshot rows, schema, DDL and heartbeat records. */
    long getRecordsWritten();

    /** Rows read by Ferry's chunked snapshot (snapshot.reader=ferry), all tables together. */
    long getSnapshotRowsRead();

    long getSnapshotChunksDone();

    long getSnapshotChunksPlanned();

    /** Milliseconds poll() slept in the snapshot and streaming row and byte limits. */
    long getThrottleWaitMillis();

    /** WAL the slot keeps on the source (current WAL position − restart_lsn), in bytes; -1 unknown. */
    long getSlotRetainedWalBytes();

    /** Current WAL position − the slot's confirmed_flush_lsn, in bytes; -1 unknown. */
    long getSlotConfirmedFlushLagBytes();

    /** Milliseconds since the task last wrote its heartbeat row; -1 before the first. */
    long getHeartbeatAgeMillis();

    long getHeartbeatWriteFailures();

    /** DDL records (ddl.sync) written to Kafka, one per DDL command on a selected table. */
    long getDdlRecordsWritten();

    /**
     * DDL commands on selected tables that are reported, not replicated (CASCADE, run with
     * session_replication_role=replica, run inside a function); see the task's log and {@code ferry status}.
     */
    long getUnsupportedDdl();

    /** The last of them, with why it is not replicated; empty before the first. */
    String getLastUnsupportedDdl();

    /** Whether the source database is unreachable and the task retries it (connection.retry.window.ms). */
    boolean getInRetryWindow();

    /** Milliseconds before the retry window closes and the task fails; 0 when not retrying. */
    long getRetryWindowRemainingMillis();

    /** Attempts in the current outage; 0 when not retrying. */
    long getRetryAttempts();

    /** Whether an alert key's threshold is crossed (alert.retained.wal.bytes). */
    boolean getAlerting();

    /** What crossed its threshold, naming the key; empty when nothing did. */
    String getAlert();
}
