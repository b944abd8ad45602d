package dev.ferry.sink.buffer;

import dev.ferry.sink.event.ChangeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The final state of one key after reducing a batch: a row to write, or a delete.
 *
 * @param deleteFirst the key was deleted earlier in the batch; a plain INSERT must delete it first
 * @param keepExisting a snapshot row under snapshot.conflict.mode=keep_existing
 * @param records the records that produced this state, for the dead-letter queue
 */
public record PendingWrite(boolean delete, List<Object> key, Map<String, Object> row, Schema rowSchema,
        Set<String> unchangedColumns, boolean deleteFirst, boolean keepExisting, List<SinkRecord> records) {

    /** A write standing for a change that produced no row write (a truncate), for the dead-letter queue. */
    public static PendingWrite of(ChangeEvent event) {
        return new PendingWrite(true, event.key(), null, event.rowSchema(), Set.of(), false, false,
                new ArrayList<>(List.of(event.record())));
    }

    static PendingWrite delete(ChangeEvent event, List<Object> key, List<SinkRecord> records) {
        return new PendingWrite(true, key, null, event.rowSchema(), Set.of(), false, false, records);
    }

    /** The columns this write sets: all of the row except the unchanged ones. */
    public List<String> writtenColumns() {
        // Asked for every write of a batch: a plain loop, and no filtering when nothing is unchanged.
        List<String> columns = new ArrayList<>(row.size());
        if (unchangedColumns.isEmpty()) {
            columns.addAll(row.keySet());
        } else {
            for (String column : row.keySet()) {
                if (!unchangedColumns.contains(column)) {
                    columns.add(column);
                }
            }
        }
        return Collections.unmodifiableList(columns);
    }
}
