package dev.ferry.source.metrics;

/** JMX view of a source task: {@code dev.ferry:type=source-task,connector=<name>}. */
public interface SourceMetricsMBean {

    /** DDL records (ddl.sync) written to Kafka, one per DDL command on a selected table. */
    long getDdlRecordsWritten();

    /**
     * DDL commands on selected tables that are reported, not replicated (CASCADE, run with
     * session_replication_role=replica, run inside a function); see the task's log and {@code ferry status}.
     */
    long getUnsupportedDdl();

    /** The last of them, with why it is not replicated; empty before the first. */
    String getLastUnsupportedDdl();
}
