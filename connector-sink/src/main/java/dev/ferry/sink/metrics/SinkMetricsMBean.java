package dev.ferry.sink.metrics;

/**
 * JMX view of one sink task: {@code dev.ferry:type=sink-task,connector=<name>,task=<id>}. Every
 * attribute is described in docs/metrics.md (MetricsIT reads each one listed there).
 */
public interface SinkMetricsMBean {

    long getRowsApplied();

    long getRecordsReceived();

    /** Transactions applied: the count of the BatchRecords and ApplyMillis summaries. */
    long getFlushes();

    long getLastFlushMillis();

    /** Records in the applied transactions, summed (average batch: its rate over Flushes'). */
    long getBatchRecords();

    /** The most records one transaction applied in the last one to two minutes. */
    long getBatchRecordsMax();

    /** Milliseconds spent applying transactions, first statement to commit, summed. */
    long getApplyMillis();

    /** The longest apply of the last one to two minutes, in milliseconds. */
    long getApplyMillisMax();

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

    /** Whether an alert key's threshold is crossed (alert.latency.ms). */
    boolean getAlerting();

    /** What crossed its threshold, naming the key; empty when nothing did. */
    String getAlert();
}
