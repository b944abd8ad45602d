package dev.ferry.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DeliveryPipelineTest {

    private final List<Long> applied = Collections.synchronizedList(new ArrayList<>());

    @Test
    void putReturnsWhileTheBatchIsAppliedAndSettleWaitsForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (DeliveryPipeline pipeline = new DeliveryPipeline("test", records -> {
            await(release);
            records.forEach(r -> applied.add(r.kafkaOffset()));
        })) {
            pipeline.put(records(0, 3), true);
            assertThat(applied).as("put() did not wait").isEmpty();
            release.countDown();
            pipeline.settle();
            assertThat(applied).containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void aRetriableFailureIsAppliedAgainFirstAndItsOffsetsAreHeldUntilThen() {
        int[] failuresLeft = {2};
        try (DeliveryPipeline pipeline = new DeliveryPipeline("test", records -> {
            if (records.get(0).kafkaOffset() == 0 && failuresLeft[0]-- > 0) {
                throw new RetriableException("target down");
            }
            records.forEach(r -> applied.add(r.kafkaOffset()));
        })) {
            pipeline.put(records(0, 2), true);
            pipeline.settle();
            assertThat(pipeline.unappliedFrom()).containsExactly(Map.entry(new TopicPartition("t", 0), 0L));

            assertThatThrownBy(() -> pipeline.put(records(2, 4), true)).as("the first batch fails again, inline")
                    .isInstanceOf(RetriableException.class);
            assertThat(applied).as("nothing newer is applied before it").isEmpty();

            pipeline.put(records(2, 4), true);
            pipeline.settle();
            assertThat(applied).containsExactly(0L, 1L, 2L, 3L);
            assertThat(pipeline.unappliedFrom()).isEmpty();
        }
    }

    @Test
    void anyOtherFailureIsThrownByTheNextPut() {
        try (DeliveryPipeline pipeline = new DeliveryPipeline("test", records -> {
            throw new ConnectException("giving up");
        })) {
            pipeline.put(records(0, 1), true);
            assertThatThrownBy(() -> pipeline.put(records(1, 2), true)).hasMessage("giving up");
            assertThat(pipeline.unappliedFrom()).as("its offsets stay uncommitted").isNotEmpty();
        }
    }

    @Test
    void revokedPartitionsLeaveThePendingBatch() {
        try (DeliveryPipeline pipeline = new DeliveryPipeline("test", records -> {
            throw new RetriableException("target down");
        })) {
            List<SinkRecord> twoPartitions = new ArrayList<>(records(0, 2));
            twoPartitions.add(new SinkRecord("t", 1, null, null, null, null, 7));
            pipeline.put(twoPartitions, true);
            pipeline.settle();
            pipeline.revoke(List.of(new TopicPartition("t", 0)));
            assertThat(pipeline.unappliedFrom()).containsExactly(Map.entry(new TopicPartition("t", 1), 7L));
        }
    }

    @Test
    void inlineDeliveriesAndEmptyOnesRunOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        List<Thread> threads = new ArrayList<>();
        try (DeliveryPipeline pipeline = new DeliveryPipeline("test", records -> threads.add(Thread.currentThread()))) {
            pipeline.put(records(0, 1), false);
            pipeline.put(List.of(), true);
        }
        assertThat(threads).containsExactly(caller, caller);
    }

    private static List<SinkRecord> records(long from, long to) {
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            records.add(new SinkRecord("t", 0, null, null, null, null, offset));
        }
        return records;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
