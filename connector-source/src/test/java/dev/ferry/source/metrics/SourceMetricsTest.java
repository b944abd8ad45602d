package dev.ferry.source.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceMetricsTest {

    private final SourceMetrics metrics = new SourceMetrics();

    @Test
    void snapshotTablesAddUpIntoTheTaskTotals() {
        SnapshotTableMetrics items = metrics.snapshotTable("shop.items", 4, 1);
        SnapshotTableMetrics orders = metrics.snapshotTable("shop.orders", 2, 0);
        items.rowsRead(100);
        items.chunkDone();
        orders.rowsRead(7);
        assertThat(metrics.getSnapshotChunksPlanned()).isEqualTo(6);
        assertThat(metrics.getSnapshotChunksDone()).isEqualTo(2);
        assertThat(metrics.getSnapshotRowsRead()).isEqualTo(107);
        assertThat(items.getChunksDone()).isEqualTo(2);
        assertThat(items.getRowsRead()).isEqualTo(100);
    }

    @Test
    void aSnapshotWhoseStartIsRetriedIsNotCountedTwice() {
        metrics.snapshotTable("shop.items", 4, 1);
        SnapshotTableMetrics again = metrics.snapshotTable("shop.items", 5, 1);
        assertThat(metrics.getSnapshotChunksPlanned()).isEqualTo(5);
        assertThat(metrics.getSnapshotChunksDone()).isEqualTo(1);
        assertThat(again.getChunksPlanned()).isEqualTo(5);
    }

    @Test
    void unknownValuesReadAsMinusOne() {
        assertThat(metrics.getHeartbeatAgeMillis()).isEqualTo(-1);
        assertThat(metrics.getSlotRetainedWalBytes()).isEqualTo(-1);
        assertThat(metrics.getSlotConfirmedFlushLagBytes()).isEqualTo(-1);
        metrics.heartbeatWritten();
        assertThat(metrics.getHeartbeatAgeMillis()).isBetween(0L, 10_000L);
    }
}
