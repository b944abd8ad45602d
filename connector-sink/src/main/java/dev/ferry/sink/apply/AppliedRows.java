package dev.ferry.sink.apply;

import dev.ferry.sink.event.TableId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows written or deleted per target table by one transaction, counted by {@link BatchApplier}
 * as it goes and reported to the metrics only once the transaction commits (a rolled-back
 * attempt applied nothing). Per table, not per row: it costs a map entry per table and batch.
 */
public final class AppliedRows {

    private final Map<TableId, Long> rows = new LinkedHashMap<>();

    void add(TableId table, long count) {
        if (count > 0) {
            rows.merge(table, count, Long::sum);
        }
    }

    public Map<TableId, Long> byTable() {
        return rows;
    }

    public long total() {
        long total = 0;
        for (long count : rows.values()) {
            total += count;
        }
        return total;
    }

    /** Forgets the rows of a rolled-back attempt. */
    public void clear() {
        rows.clear();
    }
}
