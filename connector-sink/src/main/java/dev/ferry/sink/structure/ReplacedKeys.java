package dev.ferry.sink.structure;

import dev.ferry.sink.event.ChangeEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Change events keyed by a primary key their table does not have at this point of the stream:
 * written before the source replaced the key and delivered again after its DDL record (a
 * replay), or read by Debezium, which takes the key from the catalog as it is when it reads, from
 * a backlog older than the replacement. Upserting such an event by its own key would need a
 * unique key the target no longer has (PostgreSQL refuses the statement, MySQL would match the
 * wrong row). They are keyed by the table's primary key in the history instead, read from their
 * row images: Ferry's source gives selected tables REPLICA IDENTITY FULL, so before-images hold
 * every column. An event whose images lack a key column keeps its key, and the target's key check
 * names the table.
 */
final class ReplacedKeys {

    private ReplacedKeys() {
    }

    /** {@code event} keyed by {@code history}'s primary key; the same event when that is its key already. */
    static ChangeEvent current(ChangeEvent event, TableHistory history) {
        List<String> key = history.primaryKey();
        if (key.isEmpty() || key.equals(event.keyColumns())) {
            return event;
        }
        return switch (event.kind()) {
            case UPSERT -> upsert(event, key);
            case DELETE -> delete(event, key);
            default -> event;
        };
    }

    private static ChangeEvent upsert(ChangeEvent event, List<String> key) {
        List<Object> values = values(event.row(), key);
        if (values == null) {
            return event;
        }
        // An update: the row may move under the new key though it kept the old one, so the old values come too.
        List<Object> oldValues = event.oldKey() == null ? null : values(beforeImage(event), key);
        return new ChangeEvent(event.record(), event.source(), event.kind(), event.snapshot(), key, values,
                oldValues, event.row(), event.rowSchema(), event.unchangedColumns(), event.sourceTimestampMillis(),
                event.heartbeatMillis(), event.before());
    }

    private static ChangeEvent delete(ChangeEvent event, List<String> key) {
        List<Object> values = values(beforeImage(event), key);
        if (values == null) {
            return event;
        }
        return new ChangeEvent(event.record(), event.source(), event.kind(), event.snapshot(), key, values, null,
                null, event.rowSchema(), event.unchangedColumns(), event.sourceTimestampMillis(),
                event.heartbeatMillis(), event.before());
    }

    /** The key's values from an image; null when the image lacks one of its columns. */
    private static List<Object> values(Map<String, Object> image, List<String> key) {
        if (image == null || !image.keySet().containsAll(key)) {
            return null;
        }
        List<Object> values = new ArrayList<>(key.size());
        for (String column : key) {
            Object value = image.get(column);
            values.add(value instanceof ByteBuffer buffer ? bytes(buffer) : value);
        }
        return values;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** The before-image: the event's (kept only for a key change), else the envelope's; null without one. */
    private static Map<String, Object> beforeImage(ChangeEvent event) {
        if (event.before() != null) {
            return event.before();
        }
        if (!(event.record().value() instanceof Struct envelope) || envelope.schema().field("before") == null
                || envelope.getStruct("before") == null) {
            return null;
        }
        Struct before = envelope.getStruct("before");
        Map<String, Object> image = new HashMap<>();
        for (Field field : before.schema().fields()) {
            image.put(field.name(), before.get(field));
        }
        return image;
    }
}
