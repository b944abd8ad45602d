package dev.ferry.sink.event;

import dev.ferry.contract.FerryHeaders;
import dev.ferry.contract.SnapshotEpoch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One record, understood: which source table, what happened, the key, and the row to write.
 *
 * @param source the source table (schema and table of the event), used to name the target
 * @param key key column values, in key order
 * @param oldKey for an update whose key changed, the previous key; otherwise null
 * @param row the after-image (upserts) in column order; null for deletes and truncates
 * @param rowSchema the schema of the after-image's struct, for table creation and binding
 * @param unchangedColumns columns whose value is unknown (unchanged TOAST) and must stay untouched
 * @param heartbeatMillis for heartbeats, the source clock when it was written; otherwise -1
 * @param sourceTimestampMillis the source's commit time (source.ts_ms), or -1
 * @param before the before-image's values of an update, or of the delete half of a key change;
 *     otherwise null
 */
public record ChangeEvent(SinkRecord record, TableId source, Kind kind, boolean snapshot, List<String> keyColumns,
        List<Object> key, List<Object> oldKey, Map<String, Object> row, Schema rowSchema,
        Set<String> unchangedColumns, long sourceTimestampMillis, long heartbeatMillis, Map<String, Object> before) {

    public ChangeEvent(SinkRecord record, TableId source, Kind kind, boolean snapshot, List<String> keyColumns,
            List<Object> key, List<Object> oldKey, Map<String, Object> row, Schema rowSchema,
            Set<String> unchangedColumns, long sourceTimestampMillis, long heartbeatMillis) {
        this(record, source, kind, snapshot, keyColumns, key, oldKey, row, rowSchema, unchangedColumns,
                sourceTimestampMillis, heartbeatMillis, null);
    }

    /** What the event does to its table. */
    public enum Kind { UPSERT, DELETE, TRUNCATE, HEARTBEAT, SKIP }

    /** A heartbeat written like any row (heartbeat.write=true). */
    public ChangeEvent asUpsert() {
        return new ChangeEvent(record, source, Kind.UPSERT, snapshot, keyColumns, key, oldKey, row, rowSchema,
                unchangedColumns, sourceTimestampMillis, heartbeatMillis, before);
    }

    /**
     * The initial snapshot this row or snapshot truncate belongs to, for a table that starts empty
     * in the target: its envelope schema's {@link SnapshotEpoch}, or in a topic an earlier Ferry
     * wrote, its {@link FerryHeaders#SNAPSHOT_EPOCH} header; null for every other event.
     */
    public String snapshotEpoch() {
        if (!snapshot || record == null || (kind != Kind.UPSERT && kind != Kind.TRUNCATE)) {
            return null;
        }
        String epoch = SnapshotEpoch.of(record.valueSchema());
        if (epoch != null) {
            return epoch;
        }
        Header header = record.headers().lastWithName(FerryHeaders.SNAPSHOT_EPOCH);
        return header == null || header.value() == null ? null : String.valueOf(header.value());
    }

    public boolean changesKey() {
        return oldKey != null && !KeyValues.of(oldKey).equals(KeyValues.of(key));
    }
}
