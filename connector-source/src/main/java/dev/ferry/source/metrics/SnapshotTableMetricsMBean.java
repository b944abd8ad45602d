package dev.ferry.source.metrics;

/**
 * JMX view of one table of Ferry's chunked snapshot:
 * {@code dev.ferry:type=source-snapshot-table,connector=<name>,table=<schema.table>}.
 */
public interface SnapshotTableMetricsMBean {

    /** Rows read from the table by this task's snapshot (a resumed snapshot counts from its restart). */
    long getRowsRead();

    /** Chunks whose every row has been handed to Kafka, those of an earlier attempt included. */
    long getChunksDone();

    /** Chunks the table was cut into. */
    long getChunksPlanned();
}
