package dev.ferry.source.metrics;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/**
 * Progress of one table of the chunked snapshot, added up into the task's totals as it goes (so
 * the task's view costs no walk over the tables). Updated once per batch of rows, not per row.
 */
public final class SnapshotTableMetrics implements SnapshotTableMetricsMBean {

    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong chunksDone;
    private final long chunksTotal;
    private final SnapshotTotals totals;
    ObjectName name;

    SnapshotTableMetrics(long chunksTotal, long chunksDone, SnapshotTotals totals) {
        this.chunksTotal = chunksTotal;
        this.chunksDone = new AtomicLong(chunksDone);
        this.totals = totals;
        totals.chunksTotal.addAndGet(chunksTotal);
        totals.chunksDone.addAndGet(chunksDone);
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
        return chunksTotal;
    }

    /** The task-wide sums of every table's progress. */
    static final class SnapshotTotals {
        final AtomicLong rowsRead = new AtomicLong();
        final AtomicLong chunksDone = new AtomicLong();
        final AtomicLong chunksTotal = new AtomicLong();
    }
}
