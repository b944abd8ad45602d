package dev.ferry.sink.metrics;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/** The counters of one target table, registered by {@link SinkMetrics} when the task first writes it. */
final class SinkTableMetrics implements SinkTableMetricsMBean {

    private final AtomicLong rowsApplied = new AtomicLong();
    ObjectName name;

    void applied(long rows) {
        rowsApplied.addAndGet(rows);
    }

    @Override
    public long getRowsApplied() {
        return rowsApplied.get();
    }
}
