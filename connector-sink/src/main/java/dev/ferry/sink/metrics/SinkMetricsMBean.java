package dev.ferry.sink.metrics;

/** JMX view of one sink task: {@code dev.ferry:type=sink-task,connector=<name>,task=<id>}. */
public interface SinkMetricsMBean {

    long getRowsApplied();

    long getRecordsReceived();

    long getFlushes();

    long getLastFlushMillis();

    long getRetries();

    /** DDL records (ddl.sync) applied to the target: replayed ones included, whose statements change nothing. */
    long getDdlRecordsApplied();

    long getRecordsSentToDeadLetterQueue();

    /** Source heartbeat written → applied here, in milliseconds; -1 before the first heartbeat. */
    long getHeartbeatLatencyMillis();

    /** Source commit time (source.ts_ms) of the last applied change → now, in milliseconds. */
    long getSourceLatencyMillis();
}
