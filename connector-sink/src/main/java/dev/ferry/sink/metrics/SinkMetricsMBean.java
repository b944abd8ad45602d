package dev.ferry.sink.metrics;

/**
 * JMX view of one sink task: {@code dev.ferry:type=sink-task,connector=<name>,task=<id>}. Every
 * attribute is described in docs/metrics.md (MetricsIT reads each one listed there).
 */
public interface SinkMetricsMBean {

    long getRowsApplied();

    long getRecordsReceived();

    long getFlushes();

    long getLastFlushMillis();

    /** Records per applied transaction: how many, their total, the largest of the last minute or two. */
    long getBatchSizeCount();

    long getBatchSizeSum();

    long getBatchSizeMax();

    /** Milliseconds from the first statement to the commit of each applied transaction. */
    long getApplyTimeMillisCount();

    long getApplyTimeMillisSum();

    long getApplyTimeMillisMax();

    long getRetries();

    /** Whether the task is failing and retrying within connection.retry.window.ms or error.retry.window.ms. */
    boolean getInRetryWindow();

    /** Milliseconds left before the current failure's retry window closes and the task fails; 0 when not failing. */
    long getRetryWindowRemainingMillis();

    /** Attempts of the current failure; 0 when not failing. */
    long getRetryAttempts();

    /** DDL records (ddl.sync) applied to the target: replayed ones included, whose statements change nothing. */
    long getDdlRecordsApplied();

    /** DDL records left unapplied because schema.sync.enabled=false. */
    long getDdlRecordsSkipped();

    long getRecordsSentToDeadLetterQueue();

    /** Milliseconds put() slept in max.rows.per.second / max.bytes.per.second. */
    long getThrottleWaitMillis();

    /** Source heartbeat written → applied here, in milliseconds; -1 before the first heartbeat. */
    long getHeartbeatLatencyMillis();

    long getHeartbeatLatencyP50Millis();

    long getHeartbeatLatencyP99Millis();

    /** Source commit time (source.ts_ms) of the last applied change → now, in milliseconds. */
    long getSourceLatencyMillis();

    long getSourceLatencyP50Millis();

    long getSourceLatencyP99Millis();
}
