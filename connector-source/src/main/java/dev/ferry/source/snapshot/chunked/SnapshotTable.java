package dev.ferry.source.snapshot.chunked;

import dev.ferry.source.snapshot.chunked.SnapshotProgress.TableName;
import dev.ferry.source.snapshot.chunked.SnapshotProgress.TablePlan;
import io.debezium.relational.Table;
import io.debezium.relational.TableId;
import io.debezium.relational.TableSchema;

/**
 * A table as the chunked snapshot reads it: Debezium's structure and record schema for it, its
 * topic, and the SELECT its chunks narrow by ctid range (a user's
 * {@code snapshot.select.statement.overrides} entry is read whole, in one chunk).
 */
record SnapshotTable(TableName name, TableId id, Table table, TableSchema schema, String topic, String select,
        boolean overridden) {

    /** The statement for chunk {@code index} of {@code plan}. */
    String statement(TablePlan plan, int index) {
        String predicate = overridden ? null : plan.ctidPredicate(index);
        return predicate == null ? select : select + " WHERE " + predicate;
    }
}
