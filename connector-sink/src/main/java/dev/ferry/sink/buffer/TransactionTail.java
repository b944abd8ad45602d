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
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Holds back the end of a source transaction that a Connect batch cut off, when that end holds
 * a primary-key change. The two halves of a key swap must be reduced together (the buffer tells
 * a row moved onto a key from the row leaving it only within one batch); applied in two batches,
 * the second half's delete would remove the row the first half moved there.
 *
 * <p>The held records are applied with the next batch that brings a later transaction on their
 * partition, or once they pass {@code limit}, or once they have waited {@code waitMs}: neither an
 * empty poll nor a record on another partition right after the cut says the transaction is
 * complete, since its rest may not have reached Kafka yet (the producer sends a source
 * transaction in several requests). Their offsets are not committed before (see
 * {@link #heldFrom()}).
 */
public final class TransactionTail {

    private final int limit;
    private final long waitMs;
    private final LongSupplier clock;
    private final List<SinkRecord> held = new ArrayList<>();
    private long heldSince;
    /** What the last {@link #take} released from {@link #held} that its batch did not repeat. */
    private List<SinkRecord> released = List.of();
    private long releasedSince;

    public TransactionTail(int limit, long waitMs, LongSupplier clock) {
        this.limit = limit;
        this.waitMs = waitMs;
        this.clock = clock;
    }

    /** The records to apply now: those held back before, then {@code records}, less a new tail to hold. */
    public List<SinkRecord> take(Collection<SinkRecord> records) {
        boolean waitedEnough = !held.isEmpty() && clock.getAsLong() - heldSince >= waitMs;
        if (records.isEmpty() && !held.isEmpty() && !waitedEnough) {
            return List.of();
        }
        String previouslyFirstHeld = held.isEmpty() ? null : positionOf(held.get(0));
        List<SinkRecord> all = new ArrayList<>(held.size() + records.size());
        released = List.of();
        if (!held.isEmpty()) {
            // A batch Connect delivers again after a retriable failure repeats what was held from it.
            Set<String> incoming = new HashSet<>();
            records.forEach(record -> incoming.add(positionOf(record)));
            held.stream().filter(record -> !incoming.contains(positionOf(record))).forEach(all::add);
            released = List.copyOf(all);
            releasedSince = heldSince;
            held.clear();
        }
        all.addAll(records);
        // Nothing more came on the tail's partition in time (the transaction was complete after
        // all, or its rest is late): apply it as it is.
        if (records.isEmpty() || waitedEnough || all.size() > limit) {
            return all;
        }
        // Per partition: records are in commit order there, so the partition's last transaction is
        // its suffix. Another partition's later records (a heartbeat, another table) say nothing
        // about whether this one's transaction is complete.
        Map<TopicPartition, Object> keyChangingTails = keyChangingLastTransactions(all);
        if (keyChangingTails.isEmpty()) {
            return all;
        }
        Set<TopicPartition> inTail = new HashSet<>();
        List<SinkRecord> now = new ArrayList<>(all.size());
        for (SinkRecord record : all) {
            TopicPartition partition = partitionOf(record);
            Object tailTransaction = keyChangingTails.get(partition);
            if (inTail.contains(partition)
                    || (tailTransaction != null && Objects.equals(transactionOf(record), tailTransaction))) {
                inTail.add(partition);
                held.add(record);
            } else {
                now.add(record);
            }
        }
        // The wait runs from when a tail was first held; a tail that only grew keeps its start.
        if (!held.isEmpty() && !positionOf(held.get(0)).equals(previouslyFirstHeld)) {
            heldSince = clock.getAsLong();
        }
        return now;
    }

    /**
     * Per partition holding the delete half of a primary-key change, that partition's last
     * transaction, when it is one that changes a key there. Batches without key changes, nearly
     * all of them, cost one header look-up per record.
     */
    private static Map<TopicPartition, Object> keyChangingLastTransactions(List<SinkRecord> records) {
        Set<TopicPartition> withKeyChanges = new HashSet<>();
        for (SinkRecord record : records) {
            if (isKeyChange(record)) {
                withKeyChanges.add(partitionOf(record));
            }
        }
        Map<TopicPartition, Object> tails = new HashMap<>();
        if (withKeyChanges.isEmpty()) {
            return tails;
        }
        Set<TopicPartition> decided = new HashSet<>();
        for (int i = records.size() - 1; i >= 0 && decided.size() < withKeyChanges.size(); i--) {
            TopicPartition partition = partitionOf(records.get(i));
            Object transaction = withKeyChanges.contains(partition) && !decided.contains(partition)
                    ? transactionOf(records.get(i)) : null;
            if (transaction == null) {
                continue;
            }
            decided.add(partition);
            for (int j = i; j >= 0; j--) {
                SinkRecord record = records.get(j);
                if (isKeyChange(record) && partition.equals(partitionOf(record))
                        && transaction.equals(transactionOf(record))) {
                    tails.put(partition, transaction);
                    break;
                }
            }
        }
        return tails;
    }

    private static boolean isKeyChange(SinkRecord record) {
        return record.headers().lastWithName(DebeziumDefaults.NEW_KEY_HEADER) != null;
    }

    /**
     * The batch the last {@link #take} released could not be applied and Connect will deliver it
     * again: what was held before it and the batch does not repeat is held again (Connect delivers
     * only the batch, so those records would otherwise be lost, and their offsets committed).
     */
    public void failed() {
        held.clear();
        held.addAll(released);
        heldSince = releasedSince;
        released = List.of();
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
