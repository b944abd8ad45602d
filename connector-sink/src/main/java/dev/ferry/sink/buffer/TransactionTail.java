package dev.ferry.sink.buffer;

import dev.ferry.contract.DebeziumDefaults;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Holds back the end of a source transaction that a Connect batch cut off, when that end holds
 * a primary-key change. The two halves of a key swap must be reduced together (the buffer tells
 * a row moved onto a key from the row leaving it only within one batch); applied in two batches,
 * the second half's delete would remove the row the first half moved there.
 *
 * <p>The held records are applied with the next batch, or on the next empty poll, or once they
 * pass {@code limit}; their offsets are not committed before (see {@link #heldFrom()}).
 */
public final class TransactionTail {

    private final int limit;
    private final List<SinkRecord> held = new ArrayList<>();

    public TransactionTail(int limit) {
        this.limit = limit;
    }

    /** The records to apply now: those held back before, then {@code records}, less a new tail to hold. */
    public List<SinkRecord> take(Collection<SinkRecord> records) {
        List<SinkRecord> all = new ArrayList<>(held.size() + records.size());
        if (!held.isEmpty()) {
            // A batch Connect delivers again after a retriable failure repeats what was held from it.
            Set<String> incoming = new HashSet<>();
            records.forEach(record -> incoming.add(positionOf(record)));
            held.stream().filter(record -> !incoming.contains(positionOf(record))).forEach(all::add);
            held.clear();
        }
        all.addAll(records);
        if (records.isEmpty() || all.size() > limit) {
            return all;
        }
        Object lastTransaction = null;
        for (int i = all.size() - 1; i >= 0 && lastTransaction == null; i--) {
            lastTransaction = transactionOf(all.get(i));
        }
        if (lastTransaction == null || !changesAKey(all, lastTransaction)) {
            return all;
        }
        // Per partition, the suffix from the last transaction's first record: within a partition
        // records are in commit order, so everything after it belongs to that transaction.
        Set<TopicPartition> inTail = new HashSet<>();
        List<SinkRecord> now = new ArrayList<>(all.size());
        for (SinkRecord record : all) {
            TopicPartition partition = partitionOf(record);
            if (inTail.contains(partition) || Objects.equals(transactionOf(record), lastTransaction)) {
                inTail.add(partition);
                held.add(record);
            } else {
                now.add(record);
            }
        }
        return now;
    }

    /** Whether a record of {@code transaction} is the delete half of a primary-key change; allocates nothing. */
    private static boolean changesAKey(List<SinkRecord> records, Object transaction) {
        for (SinkRecord record : records) {
            if (record.headers().lastWithName(DebeziumDefaults.NEW_KEY_HEADER) != null
                    && Objects.equals(transactionOf(record), transaction)) {
                return true;
            }
        }
        return false;
    }

    /** Per consumed partition, the offset of the first record held back: the most that may be committed. */
    public Map<TopicPartition, Long> heldFrom() {
        Map<TopicPartition, Long> from = new HashMap<>();
        for (SinkRecord record : held) {
            from.merge(partitionOf(record), record.originalKafkaOffset(), Math::min);
        }
        return from;
    }

    /** Forgets what is held of revoked partitions: uncommitted, it is consumed again by their new owner. */
    public void revoke(Collection<TopicPartition> partitions) {
        held.removeIf(record -> partitions.contains(partitionOf(record)));
    }

    private static String positionOf(SinkRecord record) {
        return record.originalTopic() + "\u0000" + record.originalKafkaPartition() + "\u0000" + record.originalKafkaOffset();
    }

    private static TopicPartition partitionOf(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    /** The source transaction id in a Debezium envelope's source block, or null. */
    private static Object transactionOf(SinkRecord record) {
        if (record.value() instanceof Struct envelope && envelope.schema().field("source") != null
                && envelope.get("source") instanceof Struct source && source.schema().field("txId") != null) {
            return source.get("txId");
        }
        return null;
    }
}
