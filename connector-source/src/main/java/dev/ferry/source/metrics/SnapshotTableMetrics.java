package dev.ferry.source.metrics;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/**
 * Progress of one table of the chunked snapshot, added up into the task's totals as it goes (so
 * the task's view costs no walk over the tables). Updated once per batch of rows, not per row.
 */
public final class SnapshotTableMetrics implements SnapshotTableMetricsMBean {

    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong chunksDone = new AtomicLong();
    private final AtomicLong chunksPlanned = new AtomicLong();
    private final SnapshotTotals totals;
    ObjectName name;

    SnapshotTableMetrics(SnapshotTotals totals) {
        this.totals = totals;
    }

    /**
     * The table's plan, of which {@code done} chunks were delivered before. A snapshot whose start
     * is retried plans the table again: the totals take the difference, not the whole again.
     */
    void planned(long planned, long done) {
        totals.chunksPlanned.addAndGet(planned - chunksPlanned.getAndSet(planned));
        totals.chunksDone.addAndGet(done - chunksDone.getAndSet(done));
    }

    public void rowsRead(int rows) {
        rowsRead.addAndGet(rows);
        totals.rowsRead.addAndGet(rows);
    }

    public void chunkDone() {
        chunksDone.incrementAndGet();
        totals.chunksDone.incrementAndGet();
    }

    @Override
    public long getRowsRead() {
        return rowsRead.get();
    }

    @Override
    public long getChunksDone() {
        return chunksDone.get();
    }

    @Override
    public long getChunksPlanned() {
        return chunksPlanned.get();
    }

    /** The task-wide sums of every table's progress. */
    static final class SnapshotTotals {
        final AtomicLong rowsRead = new AtomicLong();
        final AtomicLong chunksDone = new AtomicLong();
        final AtomicLong chunksPlanned = new AtomicLong();
    }
}
