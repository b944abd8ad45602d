package dev.ferry.sink.buffer;

import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.KeyValues;
import dev.ferry.sink.event.TableId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The changes of one target table within a flush, reduced in arrival order to the last state per
 * key. A key change becomes a delete of the old key plus the new row; a truncate discards what
 * came before it. Initial-snapshot records that carry an epoch only collect it: the table is
 * emptied once per epoch, ahead of the first of its records any task applies (see
 * {@code SnapshotStartLedger}), not where the truncate happens to sit among the partitions.
 * Replaying the same records yields the same final states, which is what makes the apply
 * idempotent.
 */
public final class TableBuffer {

    private final TableId target;
    private final boolean keepExistingOnSnapshot;
    private final Map<KeyValues, PendingWrite> writes = new LinkedHashMap<>();
    private List<String> keyColumns = List.of();
    private boolean truncate;
    private final Set<String> snapshotEpochs = new TreeSet<>();
    private int records;

    public TableBuffer(TableId target, boolean keepExistingOnSnapshot) {
        this.target = target;
        this.keepExistingOnSnapshot = keepExistingOnSnapshot;
    }

    public void add(ChangeEvent event) {
        records++;
        String epoch = event.snapshotEpoch();
        if (epoch != null) {
            snapshotEpochs.add(epoch);
            if (event.kind() == ChangeEvent.Kind.TRUNCATE) {
                return;
            }
        }
        switch (event.kind()) {
            case TRUNCATE -> {
                writes.clear();
                truncate = true;
            }
            case DELETE -> {
                keyColumns = event.keyColumns();
                KeyValues key = KeyValues.of(event.key());
                if (anotherRowHolds(key, event.before())) {
                    markOldOccupantGone(key, event.record());
                } else {
                    writes.put(key, PendingWrite.delete(event, event.key(), recordsOf(key, event.record())));
                }
            }
            case UPSERT -> addUpsert(event);
            default -> throw new IllegalArgumentException("not a table change: " + event.kind());
        }
    }

    private void addUpsert(ChangeEvent event) {
        keyColumns = event.keyColumns();
        boolean deleteFirst = false;
        if (event.changesKey()) {
            KeyValues old = KeyValues.of(event.oldKey());
            if (anotherRowHolds(old, event.before())) {
                markOldOccupantGone(old, event.record());
            } else {
                writes.put(old, PendingWrite.delete(event, event.oldKey(), recordsOf(old, event.record())));
            }
        }
        KeyValues key = KeyValues.of(event.key());
        PendingWrite prior = writes.get(key);
        Map<String, Object> row = event.row();
        Set<String> unchanged = event.unchangedColumns();
        if (prior != null && prior.delete()) {
            deleteFirst = true;
        } else if (prior != null) {
            deleteFirst = prior.deleteFirst();
            if (!unchanged.isEmpty()) {
                // An earlier change in this batch knows the value the later one left out.
                row = new LinkedHashMap<>(row);
                Set<String> stillUnknown = new LinkedHashSet<>();
                for (String column : unchanged) {
                    if (!prior.unchangedColumns().contains(column) && prior.row().containsKey(column)) {
                        row.put(column, prior.row().get(column));
                    } else {
                        stillUnknown.add(column);
                    }
                }
                unchanged = stillUnknown;
            }
        }
        boolean keepExisting = keepExistingOnSnapshot && event.snapshot();
        writes.put(key, new PendingWrite(false, event.key(), row, event.rowSchema(), unchanged, deleteFirst,
                keepExisting, recordsOf(key, event.record())));
    }

    /**
     * Whether the row leaving {@code key} (its before-image) is not the row this batch already put
     * there. Under a deferred primary key one transaction can move a row onto a key before the
     * key's old row moves away ({@code SET id = 3 - id}); the departure must then not delete the
     * newcomer. Only a before-image with more than the key (REPLICA IDENTITY FULL) can tell.
     */
    private boolean anotherRowHolds(KeyValues key, Map<String, Object> before) {
        PendingWrite prior = writes.get(key);
        if (prior == null || prior.delete() || before == null) {
            return false;
        }
        for (Map.Entry<String, Object> column : before.entrySet()) {
            if (column.getValue() == null || keyColumns.contains(column.getKey())
                    || prior.unchangedColumns().contains(column.getKey()) || !prior.row().containsKey(column.getKey())) {
                continue;
            }
            if (!sameValue(column.getValue(), prior.row().get(column.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /** The key's earlier row left; the row this batch put there stays and replaces it. */
    private void markOldOccupantGone(KeyValues key, SinkRecord departure) {
        PendingWrite prior = writes.get(key);
        List<SinkRecord> records = recordsOf(key, departure);
        writes.put(key, new PendingWrite(false, prior.key(), prior.row(), prior.rowSchema(), prior.unchangedColumns(),
                true, prior.keepExisting(), records));
    }

    private static boolean sameValue(Object a, Object b) {
        return Objects.deepEquals(comparable(a), comparable(b));
    }

    private static Object comparable(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return value;
    }

    /** The records behind a key so far plus the latest; the prior write is replaced, so its list is reused. */
    private List<SinkRecord> recordsOf(KeyValues key, SinkRecord latest) {
        PendingWrite prior = writes.get(key);
        List<SinkRecord> list = prior == null ? new ArrayList<>(1) : prior.records();
        list.add(latest);
        return list;
    }

    public TableId target() {
        return target;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public boolean truncate() {
        return truncate;
    }

    /** The snapshot epochs this batch's records of the table belong to, in order. */
    public Set<String> snapshotEpochs() {
        return snapshotEpochs;
    }

    public Collection<PendingWrite> writes() {
        return writes.values();
    }

    public int recordCount() {
        return records;
    }

    public boolean isEmpty() {
        return !truncate && writes.isEmpty() && snapshotEpochs.isEmpty();
    }
}
