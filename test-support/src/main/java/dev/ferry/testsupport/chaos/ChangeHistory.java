package dev.ferry.testsupport.chaos;

import dev.ferry.testsupport.TopicReader.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The change events a topic holds for given row ids, in topic order, for the message of a failing
 * chaos schedule: whether a row a target lacks was never in the topic, was in it only in an aborted
 * transaction (seen by a read_uncommitted consumer alone), or was deleted after it.
 */
public final class ChangeHistory {

    private ChangeHistory() {
    }

    /** One line per change of each id: operation, WAL position (snapshot for reads) and the row after it. */
    public static String of(List<Message> messages, Collection<Long> ids) {
        List<String> lines = new ArrayList<>();
        for (long id : ids) {
            List<String> changes = new ArrayList<>();
            for (Message message : messages) {
                String op = message.op();
                if (op == null || !(carries(message.keyPayload(), id) || carries(message.before(), id)
                        || carries(message.after(), id) || "t".equals(op))) {
                    continue;
                }
                String position = "r".equals(op) ? "snapshot" : message.payload().path("source").path("lsn").asText();
                changes.add(op + "@" + position + (message.after().isMissingNode() || message.after().isNull() ? ""
                        : " " + message.after()));
            }
            lines.add("id " + id + ": " + changes);
        }
        return String.join("; ", lines);
    }

    private static boolean carries(com.fasterxml.jackson.databind.JsonNode row, long id) {
        return row != null && row.path("id").isNumber() && row.path("id").asLong() == id;
    }
}
