package dev.ferry.source.metrics;

import dev.ferry.contract.FerryMBeans;
import dev.ferry.contract.alert.ThresholdAlert;
import dev.ferry.source.retry.ConnectionRetryWindow;
import dev.ferry.source.slot.SlotLag;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of a source task, registered as an MBean while the task runs, with one MBean per
 * table of its chunked snapshot. Recorded per batch (poll, snapshot batch), per heartbeat (slot
 * lag, read on the heartbeat's connection) or per DDL command; read by JMX on other threads.
 */
public final class SourceMetrics implements SourceMetricsMBean {

    private static final Logger LOG = LoggerFactory.getLogger(SourceMetrics.class);

    private final AtomicLong recordsWritten = new AtomicLong();
    private final AtomicLong throttleWaitNanos = new AtomicLong();
    private final SnapshotTableMetrics.SnapshotTotals snapshot = new SnapshotTableMetrics.SnapshotTotals();
    private volatile SlotLag slotLag = new SlotLag(-1, -1);
    private volatile long lastHeartbeatAt = -1;
    private final AtomicLong heartbeatWriteFailures = new AtomicLong();
    private final AtomicLong ddlRecordsWritten = new AtomicLong();
    private final AtomicLong unsupportedDdl = new AtomicLong();
    private volatile String lastUnsupportedDdl = "";
    private volatile ThresholdAlert retainedWal = new ThresholdAlert("", 0, "bytes", LOG);
    private volatile String slotName = "";
    private volatile ConnectionRetryWindow retryWindow;
    private final Map<String, SnapshotTableMetrics> snapshotTables = new LinkedHashMap<>();
    private String connector;
    private ObjectName name;

    public void register(String connector) {
        this.connector = connector;
        name = FerryMBeans.register(this, FerryMBeans.sourceTask(connector));
    }

    public synchronized void unregister() {
        FerryMBeans.unregister(name);
        name = null;
        // A snapshot still starting on the task's thread must not register tables after this.
        connector = null;
        snapshotTables.values().forEach(table -> FerryMBeans.unregister(table.name));
        snapshotTables.clear();
    }

    public void recordsWritten(int records) {
        recordsWritten.addAndGet(records);
    }

    public void throttled(long nanos) {
        throttleWaitNanos.addAndGet(nanos);
    }

    /** A table of the chunked snapshot, planned in {@code chunksTotal} chunks of which {@code chunksDone} were delivered before. */
    public synchronized SnapshotTableMetrics snapshotTable(String table, long chunksPlanned, long chunksDone) {
        SnapshotTableMetrics metrics = snapshotTables.computeIfAbsent(table, t -> {
            SnapshotTableMetrics created = new SnapshotTableMetrics(snapshot);
            if (connector != null) {
                created.name = FerryMBeans.register(created, FerryMBeans.sourceSnapshotTable(connector, t));
            }
            return created;
        });
        metrics.planned(chunksPlanned, chunksDone);
        return metrics;
    }

    public void retryWindow(ConnectionRetryWindow window) {
        this.retryWindow = window;
    }

    public void heartbeatWritten() {
        lastHeartbeatAt = System.currentTimeMillis();
    }

    public void heartbeatFailed() {
        heartbeatWriteFailures.incrementAndGet();
    }

    /** Alerts when slot {@code slot} retains more than {@code bytes} of WAL (alert.retained.wal.bytes). */
    public void alertOnRetainedWal(String slot, long bytes) {
        slotName = slot;
        retainedWal = new ThresholdAlert("alert.retained.wal.bytes", bytes, "bytes", LOG);
    }

    public void slotLag(SlotLag lag) {
        if (lag != null) {
            slotLag = lag;
            retainedWal.observe("WAL retained by slot " + slotName, lag.retainedWalBytes());
        }
    }

    public void ddlRecordWritten() {
        ddlRecordsWritten.incrementAndGet();
    }

    public void unsupportedDdl(String message) {
        unsupportedDdl.incrementAndGet();
        lastUnsupportedDdl = message;
    }

    @Override
    public long getRecordsWritten() {
        return recordsWritten.get();
    }

    @Override
    public long getSnapshotRowsRead() {
        return snapshot.rowsRead.get();
    }

    @Override
    public long getSnapshotChunksDone() {
        return snapshot.chunksDone.get();
    }

    @Override
    public long getSnapshotChunksPlanned() {
        return snapshot.chunksPlanned.get();
    }

    @Override
    public long getThrottleWaitMillis() {
        return throttleWaitNanos.get() / 1_000_000;
    }

    @Override
    public long getSlotRetainedWalBytes() {
        return slotLag.retainedWalBytes();
    }

    @Override
    public long getSlotConfirmedFlushLagBytes() {
        return slotLag.confirmedFlushLagBytes();
    }

    @Override
    public long getHeartbeatAgeMillis() {
        long last = lastHeartbeatAt;
        return last < 0 ? -1 : System.currentTimeMillis() - last;
    }

    @Override
    public long getHeartbeatWriteFailures() {
        return heartbeatWriteFailures.get();
    }

    @Override
    public long getDdlRecordsWritten() {
        return ddlRecordsWritten.get();
    }

    @Override
    public long getUnsupportedDdl() {
        return unsupportedDdl.get();
    }

    @Override
    public String getLastUnsupportedDdl() {
        return lastUnsupportedDdl;
    }

    @Override
    public boolean getInRetryWindow() {
        ConnectionRetryWindow window = retryWindow;
        return window != null && window.failing();
    }

    @Override
    public long getRetryWindowRemainingMillis() {
        ConnectionRetryWindow window = retryWindow;
        return window == null ? 0 : window.left().toMillis();
    }

    @Override
    public long getRetryAttempts() {
        ConnectionRetryWindow window = retryWindow;
        return window == null ? 0 : window.attempts();
    }

    @Override
    public boolean getAlerting() {
        return retainedWal.alerting();
    }

    @Override
    public String getAlert() {
        return retainedWal.active();
    }
}
