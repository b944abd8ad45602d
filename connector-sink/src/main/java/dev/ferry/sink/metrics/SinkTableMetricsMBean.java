package dev.ferry.sink.metrics;

/** JMX view of one target table of a sink task: {@code dev.ferry:type=sink-table,connector=<name>,task=<id>,table=<table>}. */
public interface SinkTableMetricsMBean {

    /** Rows written (upserted, inserted) or deleted in this table by committed transactions. */
    long getRowsApplied();
}
