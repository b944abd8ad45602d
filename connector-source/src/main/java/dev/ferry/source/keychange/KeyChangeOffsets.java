package dev.ferry.source.keychange;

import dev.ferry.contract.DebeziumDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium writes a primary-key change as a delete of the old key (with the
 * {@code __debezium.newkey} header), its tombstone and a create of the new key, all with the WAL
 * position of the one UPDATE. Connect commits the offset of the last record Kafka acknowledged in
 * order; committed after the delete but before the create, that position makes a task restarted
 * from it skip the UPDATE, and the new key's row is lost. So the delete half and its tombstone
 * carry the offset of the change streamed before them: a restart from there reads the UPDATE again
 * (the delete applies twice, which changes nothing). Per-batch transaction boundaries never end
 * inside a key change ({@code TransactionBoundaries}).
 */
public final class KeyChangeOffsets {

    /** The offset of the last streamed record that is not the delete half of a key change. */
    private Map<String, ?> lastWhole;
    /** Whether the last record seen was the delete half of a key change or its tombstone. */
    private boolean inKeyChange;

    public List<SourceRecord> apply(List<SourceRecord> records) {
        List<SourceRecord> out = null;
        for (int i = 0; i < records.size(); i++) {
            SourceRecord record = records.get(i);
            inKeyChange = stillInKeyChange(inKeyChange, record);
            if (!inKeyChange) {
                if (record.sourceOffset() != null) {
                    lastWhole = record.sourceOffset();
                }
                continue;
            }
            if (lastWhole == null || lastWhole.equals(record.sourceOffset())) {
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(records);
            }
            out.set(i, new SourceRecord(record.sourcePartition(), lastWhole, record.topic(), record.kafkaPartition(),
                    record.keySchema(), record.key(), record.valueSchema(), record.value(), record.timestamp(),
                    record.headers()));
        }
        return out == null ? records : out;
    }

    /**
     * Whether, after {@code record}, the stream is inside a primary-key change (its create half still
     * to come): at its delete half, and at the tombstone that follows it.
     */
    public static boolean stillInKeyChange(boolean inKeyChangeBefore, SourceRecord record) {
        boolean leavesItsKey = record.headers().lastWithName(DebeziumDefaults.NEW_KEY_HEADER) != null;
        return leavesItsKey || (inKeyChangeBefore && record.value() == null);
    }
}
