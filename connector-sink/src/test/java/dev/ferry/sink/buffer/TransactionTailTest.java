package dev.ferry.sink.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.DebeziumDefaults;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class TransactionTailTest {

    private static final Schema SOURCE = SchemaBuilder.struct().field("txId", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA)
            .field("source", SOURCE).build();

    private static SinkRecord event(long offset, long txId, boolean keyChange) {
        Struct value = new Struct(ENVELOPE).put("op", keyChange ? "d" : "u").put("source", new Struct(SOURCE).put("txId", txId));
        SinkRecord record = new SinkRecord("p.public.t", 0, null, null, ENVELOPE, value, offset);
        if (keyChange) {
            record.headers().addString(DebeziumDefaults.NEW_KEY_HEADER, "{\"id\":2}");
        }
        return record;
    }

    private long now;

    @Test
    void theCutOffEndOfATransactionWithAKeyChangeWaitsForTheRestAndIsNotCommittedMeanwhile() {
        TransactionTail tail = new TransactionTail(100, 2000, () -> now);
        List<SinkRecord> first = List.of(event(0, 7, false), event(1, 8, true), event(2, 8, false));
        assertThat(tail.take(first)).extracting(SinkRecord::kafkaOffset).containsExactly(0L);
        assertThat(tail.heldFrom()).isEqualTo(Map.of(new TopicPartition("p.public.t", 0), 1L));
        // Delivered again after a retriable failure: nothing twice.
        assertThat(tail.take(first)).extracting(SinkRecord::kafkaOffset).containsExactly(0L);
        List<SinkRecord> next = List.of(event(3, 8, true), event(4, 9, false));
        assertThat(tail.take(next)).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L, 4L);
        assertThat(tail.heldFrom()).isEmpty();
    }

    /** Found by ChaosIT: a target outage lost the delete halves of key changes the tail had held. */
    @Test
    void aHeldTailReleasedIntoABatchThatFailsIsHeldAgainForTheRedelivery() {
        TransactionTail tail = new TransactionTail(100, 2000, () -> now);
        assertThat(tail.take(List.of(event(0, 7, false), event(1, 8, true)))).extracting(SinkRecord::kafkaOffset)
                .containsExactly(0L);
        List<SinkRecord> next = List.of(event(2, 9, false), event(3, 10, false));
        assertThat(tail.take(next)).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L);
        tail.failed();
        assertThat(tail.heldFrom()).as("not committed past the held record").isEqualTo(
                Map.of(new TopicPartition("p.public.t", 0), 1L));
        // Connect delivers only the failed batch again; the held record comes first, once.
        assertThat(tail.take(next)).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L);
        assertThat(tail.heldFrom()).isEmpty();
    }

    @Test
    void aTailWithoutKeyChangesIsAppliedAtOnceAndAnEmptyPollFlushesWhatIsHeldOnlyAfterTheWait() {
        TransactionTail tail = new TransactionTail(100, 2000, () -> now);
        assertThat(tail.take(List.of(event(0, 7, false), event(1, 8, false)))).hasSize(2);
        assertThat(tail.take(List.of(event(2, 9, true)))).isEmpty();
        now += 500;
        assertThat(tail.take(List.of())).as("the rest may still be on its way").isEmpty();
        assertThat(tail.heldFrom()).isEqualTo(Map.of(new TopicPartition("p.public.t", 0), 2L));
        now += 1500;
        assertThat(tail.take(List.of())).extracting(SinkRecord::kafkaOffset).containsExactly(2L);
        assertThat(tail.heldFrom()).isEmpty();
    }

    @Test
    void aLaterRecordOfAnotherPartitionDoesNotEndTheHeldTransaction() {
        TransactionTail tail = new TransactionTail(100, 2000, () -> now);
        Struct beat = new Struct(ENVELOPE).put("op", "u").put("source", new Struct(SOURCE).put("txId", 9L));
        SinkRecord heartbeat = new SinkRecord("p.public.ferry_heartbeat", 0, null, null, ENVELOPE, beat, 40);
        assertThat(tail.take(List.of(event(0, 7, false), event(1, 8, true), heartbeat)))
                .extracting(SinkRecord::topic).containsExactly("p.public.t", "p.public.ferry_heartbeat");
        assertThat(tail.heldFrom()).isEqualTo(Map.of(new TopicPartition("p.public.t", 0), 1L));
        assertThat(tail.take(List.of(event(2, 8, false), event(3, 10, false))))
                .extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aHeldTailIsAppliedOnceItHasWaitedEvenWhenOnlyOtherPartitionsBringRecords() {
        TransactionTail tail = new TransactionTail(100, 2000, () -> now);
        assertThat(tail.take(List.of(event(0, 7, false), event(1, 8, true)))).extracting(SinkRecord::kafkaOffset)
                .containsExactly(0L);
        Struct beat = new Struct(ENVELOPE).put("op", "u").put("source", new Struct(SOURCE).put("txId", 9L));
        now += 1000;
        assertThat(tail.take(List.of(new SinkRecord("p.public.ferry_heartbeat", 0, null, null, ENVELOPE, beat, 41))))
                .extracting(SinkRecord::topic).containsExactly("p.public.ferry_heartbeat");
        now += 1000;
        assertThat(tail.take(List.of(new SinkRecord("p.public.ferry_heartbeat", 0, null, null, ENVELOPE, beat, 42))))
                .extracting(SinkRecord::kafkaOffset).containsExactly(1L, 42L);
        assertThat(tail.heldFrom()).isEmpty();
    }
}
