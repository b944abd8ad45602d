package dev.ferry.source.snapshot;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Whether the connector's full sync (Debezium's snapshot) is over: already at start when the
 * stored offset is past a snapshot or none is to be taken, else once a record says so (the
 * snapshot's last record, or any streamed one). Schema records carry it, so a sink builds what
 * would slow the bulk load or block its out-of-order apply (secondary indexes, foreign keys) only
 * then.
 */
public final class FullSyncProgress {

    private volatile boolean complete;

    /** From the offset Debezium stored for {@code topicPrefix} and the snapshot mode. */
    public static FullSyncProgress atStart(OffsetStorageReader offsets, String topicPrefix, String snapshotMode) {
        FullSyncProgress progress = new FullSyncProgress();
        Map<String, Object> offset = offsets == null ? null : offsets.offset(Map.of("server", topicPrefix));
        String mode = snapshotMode == null ? "initial" : snapshotMode;
        if (offset == null) {
            progress.complete = mode.equals("never") || mode.equals("no_data");
        } else {
            progress.complete = !Boolean.TRUE.equals(offset.get("snapshot")) && !mode.equals("always");
        }
        return progress;
    }

    /** A full sync known to be over (Ferry's snapshot delivered before a restart). */
    public static FullSyncProgress completed() {
        FullSyncProgress progress = new FullSyncProgress();
        progress.complete = true;
        return progress;
    }

    public boolean complete() {
        return complete;
    }

    /** Looks at a batch of Debezium's records; true when it ends the full sync. */
    public boolean observe(List<SourceRecord> records) {
        if (complete) {
            return false;
        }
        for (SourceRecord record : records) {
            if (record.value() instanceof Struct envelope && envelope.schema().field("source") != null
                    && envelope.schema().field("op") != null && envelope.get("source") instanceof Struct source
                    && source.schema().field("snapshot") != null) {
                Object snapshot = source.get("snapshot");
                if ("last".equals(snapshot) || "false".equals(snapshot) || snapshot == null) {
                    complete = true;
                    return true;
                }
            }
        }
        return false;
    }
}
