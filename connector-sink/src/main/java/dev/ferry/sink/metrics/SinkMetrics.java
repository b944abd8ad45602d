package dev.ferry.sink.metrics;

import dev.ferry.contract.FerryMBeans;
import dev.ferry.contract.alert.ThresholdAlert;
import dev.ferry.sink.apply.AppliedRows;
import dev.ferry.sink.event.TableId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of one sink task, registered as an MBean while the task runs, with one MBean per
 * target table it writes. The task's thread records (per batch, or per change where the value
 * is per change: latencies); JMX reads from other threads, so values are atomics or volatile.
 */
public final class SinkMetrics implements SinkMetricsMBean {

    private static final Logger LOG = LoggerFactory.getLogger(SinkMetrics.class);

    private final AtomicLong rowsApplied = new AtomicLong();
    private final AtomicLong recordsReceived = new AtomicLong();
    private final AtomicLong lastFlushMillis = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong throttleWaitNanos = new AtomicLong();
    private final AtomicLong heartbeatLatency = new AtomicLong(-1);
    private final AtomicLong sourceLatency = new AtomicLong(-1);
    /** Source time of the newest change or heartbeat received; written by the task thread only. */
    private volatile long newestSourceMillis = -1;
    private volatile ThresholdAlert latencyAlert = new ThresholdAlert("", 0, "ms", LOG);
    private final AtomicLong ddlRecordsApplied = new AtomicLong();
    private final AtomicLong ddlRecordsSkipped = new AtomicLong();
    private final TwoWindows windows = new TwoWindows(TwoWindows.DEFAULT_LENGTH_MS, System::currentTimeMillis);
    private final ValueSummary batchSize = new ValueSummary(windows);
    private final ValueSummary applyTime = new ValueSummary(windows);
    private final LatencyPercentiles heartbeatLatencies = new LatencyPercentiles(windows);
    private final LatencyPercentiles sourceLatencies = new LatencyPercentiles(windows);
    /** -1 while not failing; else when the current failure's retry window closes. */
    private volatile long retryWindowEndsAt = -1;
    private volatile long retryAttempts;
    private final Map<TableId, SinkTableMetrics> tables = new HashMap<>();
    private String connector;
    private String task;
    private ObjectName name;

    public void register(String connector, String task) {
        this.connector = connector;
        this.task = task;
        name = FerryMBeans.register(this, FerryMBeans.sinkTask(connector, task));
    }

    public void unregister() {
        FerryMBeans.unregister(name);
        name = null;
        for (SinkTableMetrics table : tables.values()) {
            FerryMBeans.unregister(table.name);
        }
        tables.clear();
    }

    public void received(int records) {
        recordsReceived.addAndGet(records);
    }

    /** A transaction of {@code records} records committed, having applied {@code applied}. */
    public void flushed(int records, AppliedRows applied, long millis) {
        rowsApplied.addAndGet(applied.total());
        lastFlushMillis.set(millis);
        batchSize.record(records);
        applyTime.record(millis);
        applied.byTable().forEach((table, rows) -> table(table).applied(rows));
    }

    private SinkTableMetrics table(TableId table) {
        return tables.computeIfAbsent(table, t -> {
            SinkTableMetrics metrics = new SinkTableMetrics();
            if (connector != null) {
                metrics.name = FerryMBeans.register(metrics, FerryMBeans.sinkTable(connector, task, t.toString()));
            }
            return metrics;
        });
    }

    public void ddlRecordApplied() {
        ddlRecordsApplied.incrementAndGet();
    }

    public void ddlRecordSkipped() {
        ddlRecordsSkipped.incrementAndGet();
    }

    /** A failure that will be retried: attempt {@code attempts} of it, whose window closes at {@code windowEndsAt}. */
    public void retrying(long windowEndsAt, int attempts) {
        retries.incrementAndGet();
        retryAttempts = attempts;
        retryWindowEndsAt = windowEndsAt;
    }

    /** A transaction committed: no failure is being retried. */
    public void succeeded() {
        if (retryWindowEndsAt >= 0) {
            retryWindowEndsAt = -1;
            retryAttempts = 0;
        }
    }

    public void deadLettered() {
        deadLettered.incrementAndGet();
    }

    public void throttled(long nanos) {
        throttleWaitNanos.addAndGet(nanos);
    }

    /** Alerts when the target is more than {@code ms} behind the source (alert.latency.ms). */
    public void alertOnLatency(long ms) {
        latencyAlert = new ThresholdAlert("alert.latency.ms", ms, "ms", LOG);
    }

    /** At every put(): how far behind the source the newest change or heartbeat received is now. */
    public void checkAlerts() {
        if (newestSourceMillis > 0) {
            latencyAlert.observe("time since the source committed the newest change received",
                    Math.max(0, System.currentTimeMillis() - newestSourceMillis));
        }
    }

    public void heartbeat(long sourceMillis) {
        if (sourceMillis > newestSourceMillis) {
            newestSourceMillis = sourceMillis;
        }
        long now = System.currentTimeMillis();
        long latency = Math.max(0, now - sourceMillis);
        heartbeatLatency.set(latency);
        heartbeatLatencies.record(latency, windows.windowOf(now));
    }

    /** Called for every change received: one clock read, a bucket search and an increment. */
    public void sourceTimestamp(long sourceMillis) {
        if (sourceMillis > newestSourceMillis) {
            newestSourceMillis = sourceMillis;
        }
        long now = System.currentTimeMillis();
        long latency = Math.max(0, now - sourceMillis);
        sourceLatency.set(latency);
        sourceLatencies.record(latency, windows.windowOf(now));
    }

    @Override
    public long getRowsApplied() {
        return rowsApplied.get();
    }

    @Override
    public long getRecordsReceived() {
        return recordsReceived.get();
    }

    @Override
    public long getFlushes() {
        return batchSize.count();
    }

    @Override
    public long getLastFlushMillis() {
        return lastFlushMillis.get();
    }

    @Override
    public long getBatchRecords() {
        return batchSize.sum();
    }

    @Override
    public long getBatchRecordsMax() {
        return batchSize.recentMax();
    }

    @Override
    public long getApplyMillis() {
        return applyTime.sum();
    }

    @Override
    public long getApplyMillisMax() {
        return applyTime.recentMax();
    }

    @Override
    public long getRetries() {
        return retries.get();
    }

    @Override
    public boolean getInRetryWindow() {
        return retryWindowEndsAt >= 0;
    }

    @Override
    public long getRetryWindowRemainingMillis() {
        long endsAt = retryWindowEndsAt;
        return endsAt < 0 ? 0 : Math.max(0, endsAt - System.currentTimeMillis());
    }

    @Override
    public long getRetryAttempts() {
        return retryAttempts;
    }

    @Override
    public long getDdlRecordsApplied() {
        return ddlRecordsApplied.get();
    }

    @Override
    public long getDdlRecordsSkipped() {
        return ddlRecordsSkipped.get();
    }

    @Override
    public long getRecordsSentToDeadLetterQueue() {
        return deadLettered.get();
    }

    @Override
    public long getThrottleWaitMillis() {
        return throttleWaitNanos.get() / 1_000_000;
    }

    @Override
    public long getHeartbeatLatencyMillis() {
        return heartbeatLatency.get();
    }

    @Override
    public long getHeartbeatLatencyP50Millis() {
        return heartbeatLatencies.percentile(0.50);
    }

    @Override
    public long getHeartbeatLatencyP99Millis() {
        return heartbeatLatencies.percentile(0.99);
    }

    @Override
    public long getSourceLatencyMillis() {
        return sourceLatency.get();
    }

    @Override
    public long getSourceLatencyP50Millis() {
        return sourceLatencies.percentile(0.50);
    }

    @Override
    public long getSourceLatencyP99Millis() {
        return sourceLatencies.percentile(0.99);
    }

    @Override
    public boolean getAlerting() {
        return latencyAlert.alerting();
    }

    @Override
    public String getAlert() {
        return latencyAlert.active();
    }
}
