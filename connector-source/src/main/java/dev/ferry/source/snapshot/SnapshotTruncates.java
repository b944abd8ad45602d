package dev.ferry.source.snapshot;

import dev.ferry.contract.SnapshotEpoch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Puts a TRUNCATE event in front of each table's snapshot.
 *
 * <p>Debezium starts an interrupted snapshot over from the beginning, at a new WAL position. The
 * rows an earlier attempt already delivered stay in the target, and those the source deleted or
 * re-keyed in between are never deleted there: no event will ever say so. A truncate ahead of the
 * table's first snapshot row of every attempt makes each attempt start from an empty table, so
 * the target ends equal to the snapshot plus the stream.
 *
 * <p>The truncate is the table's first snapshot record turned into {@code op=t}: the same topic,
 * envelope schema (the rows' schema, so a schema registry sees no version of its own) and source
 * block, a null key like Debezium's own truncates, and the same source offset (committing it early
 * is harmless: a restart from it snapshots again). A table with no rows at snapshot time has no
 * record to put one before: Ferry's chunked snapshot gives it a truncate of its own
 * ({@code ChunkedSnapshot}) unless a SELECT override reads it, Debezium's snapshot
 * ({@code snapshot.reader=debezium}) none.
 *
 * <p>The truncate travels in one partition of the table's topic, the rows in all of them, so a
 * sink could apply rows of another partition before it. The rows and the truncate therefore carry
 * the snapshot's epoch in their envelope schema ({@link SnapshotEpoch}), and the sink empties the
 * table with the first record of an epoch it applies, whichever that is; the truncate itself is
 * then only one more such record.
 */
public final class SnapshotTruncates {

    private final Set<String> announcedTopics = new HashSet<>();
    private final SnapshotEpochMarks epochMarks = new SnapshotEpochMarks();

    /**
     * {@code records} with each initial-snapshot row marked with its epoch, and a truncate before
     * the first snapshot record of each topic in this task's life.
     */
    public List<SourceRecord> addTo(List<SourceRecord> records) {
        List<SourceRecord> out = null;
        for (int i = 0; i < records.size(); i++) {
            SourceRecord record = records.get(i);
            if (!isSnapshotRead(record)) {
                if (out != null) {
                    out.add(record);
                }
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(records.size() + 1);
                out.addAll(records.subList(0, i));
            }
            SourceRecord marked = epochMarks.mark(record);
            if (announcedTopics.add(marked.topic())) {
                out.add(truncateBefore(marked));
            }
            out.add(marked);
        }
        return out == null ? records : out;
    }

    /**
     * A read of the initial snapshot. Not one of an incremental snapshot (a table added to the
     * selection): its chunks interleave with the table's stream, and a truncate at its first read
     * would wipe rows streamed before it beyond the snapshot's last key, which no chunk reads again.
     */
    private static boolean isSnapshotRead(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null
                || envelope.schema().field("after") == null || !"r".equals(envelope.getString("op"))) {
            return false;
        }
        Struct source = envelope.schema().field("source") == null ? null : envelope.getStruct("source");
        return source == null || source.schema().field("snapshot") == null
                || !"incremental".equals(String.valueOf(source.get("snapshot")));
    }

    /** The truncate that goes ahead of {@code read}, the first snapshot record of its table. */
    public static SourceRecord truncateBefore(SourceRecord read) {
        Struct envelope = (Struct) read.value();
        Struct truncate = new Struct(envelope.schema());
        for (Field field : envelope.schema().fields()) {
            switch (field.name()) {
                case "before", "after" -> {
                }
                case "op" -> truncate.put(field, "t");
                default -> truncate.put(field, envelope.get(field));
            }
        }
        return new SourceRecord(read.sourcePartition(), read.sourceOffset(), read.topic(), read.kafkaPartition(),
                null, null, envelope.schema(), truncate, read.timestamp(), read.headers().duplicate());
    }
}
