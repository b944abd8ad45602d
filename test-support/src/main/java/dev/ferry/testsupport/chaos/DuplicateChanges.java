package dev.ferry.testsupport.chaos;

import dev.ferry.testsupport.TopicReader.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds change events a topic holds twice. A change is one row's key, the operation, the source
 * position it was read at (the WAL position for streamed changes, none for snapshot reads) and the
 * row it carries. A snapshot that resumes after a crash reads its undelivered chunks again at a
 * later point, so a row that an update moved into such a chunk is read once more with its newer
 * values: a later state, not a duplicate. Under a worker's exactly-once source support a
 * {@code read_committed} consumer must see no duplicate, whatever crashed in between.
 */
public final class DuplicateChanges {

    private DuplicateChanges() {
    }

    /** Descriptions of every change seen more than once, in topic order; empty when there is none. */
    public static List<String> in(List<Message> messages) {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Message message : messages) {
            String op = message.op();
            if (op == null) {
                continue; // a tombstone follows its delete and carries no change of its own
            }
            String position = "r".equals(op) ? "snapshot" : message.payload().path("source").path("lsn").asText();
            String change = message.keyPayload() + " " + op + " at " + position + ": " + message.after();
            if (!seen.add(change)) {
                duplicates.add(change);
            }
        }
        return duplicates;
    }
}
