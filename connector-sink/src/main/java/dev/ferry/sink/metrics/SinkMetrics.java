package dev.ferry.sink.metrics;

import dev.ferry.contract.FerryMBeans;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/** Counters of one sink task, registered as an MBean while the task runs. */
public final class SinkMetrics implements SinkMetricsMBean {

    private final AtomicLong rowsApplied = new AtomicLong();
    private final AtomicLong recordsReceived = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong lastFlushMillis = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong heartbeatLatency = new AtomicLong(-1);
    private final AtomicLong sourceLatency = new AtomicLong(-1);
    private final AtomicLong ddlRecordsApplied = new AtomicLong();
    private ObjectName name;

    public void register(String connector, String task) {
        name = FerryMBeans.register(this, FerryMBeans.sinkTask(connector, task));
    }

    public void unregister() {
        FerryMBeans.unregister(name);
        name = null;
    }

    public void ddlRecordApplied() {
        ddlRecordsApplied.incrementAndGet();
    }

    @Override
    public long getDdlRecordsApplied() {
        return ddlRecordsApplied.get();
    }

    public void received(int records) {
        recordsReceived.addAndGet(records);
    }

    public void flushed(long rows, long millis) {
        rowsApplied.addAndGet(rows);
        flushes.incrementAndGet();
        lastFlushMillis.set(millis);
    }

    public void retried() {
        retries.incrementAndGet();
    }

    public void deadLettered() {
        deadLettered.incrementAndGet();
    }

    public void heartbeat(long sourceMillis) {
        heartbeatLatency.set(Math.max(0, System.currentTimeMillis() - sourceMillis));
    }

    public void sourceTimestamp(long sourceMillis) {
        sourceLatency.set(Math.max(0, System.currentTimeMillis() - sourceMillis));
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
        return flushes.get();
    }

    @Override
    public long getLastFlushMillis() {
        return lastFlushMillis.get();
    }

    @Override
    public long getRetries() {
        return retries.get();
    }

    @Override
    public long getRecordsSentToDeadLetterQueue() {
        return deadLettered.get();
    }

    @Override
    public long getHeartbeatLatencyMillis() {
        return heartbeatLatency.get();
    }

    @Override
    public long getSourceLatencyMillis() {
        return sourceLatency.get();
    }
}
