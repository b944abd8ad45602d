package dev.ferry.source.snapshot.chunked;

import java.util.List;
import org.apache.kafka.connect.data.Struct;

/**
 * Rows a reader converted from one chunk, in order; {@code endsChunk} on the chunk's last batch
 * (which may hold no rows: an empty chunk still has to be marked delivered). A chunk that read no
 * row at all carries {@code truncate}, the {@code op=t} envelope that empties the table in the
 * target should none of the table's chunks have a row (null otherwise).
 */
record ChunkBatch(SnapshotTable table, int chunk, List<Row> rows, boolean endsChunk, Struct truncate) {

    /** One row as Debezium's snapshot would emit it: the key struct (null without a key) and the envelope. */
    record Row(Struct key, Struct envelope) {
    }
}
