package dev.ferry.sink.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Applies each delivery of a sink task on a background thread while Connect fetches and converts
 * the next one: the task thread is the apply's limit once the target's own work is cheap
 * (benchmarks/RESULTS.md, "The apply path with bulk loads"), and conversion and apply can then
 * share the machine's cores.
 *
 * <p>At most one delivery is in flight, and every entry point of the task waits for it
 * ({@link #settle}) before it touches the task's state, so the task's code never runs on two
 * threads at once. A delivery that fails with a {@link RetriableException} stays pending: the next
 * {@link #put} runs it again, on the task thread, before anything newer, and throws if it still
 * fails (Connect then delivers the newer records again after its backoff, as it does when put()
 * fails inline). Any other failure is thrown by the next {@link #put}. The offsets of a pending
 * delivery are held back ({@link #unappliedFrom}) until it is applied.
 */
public final class DeliveryPipeline implements AutoCloseable {

    private final ExecutorService executor;
    private final Consumer<List<SinkRecord>> deliver;
    private Future<?> inFlight;
    private List<SinkRecord> inFlightRecords = List.of();
    /** A delivery that failed and must be applied before any newer one. */
    private List<SinkRecord> pending = List.of();
    /** A failure that ends the task, thrown by the next put(). */
    private RuntimeException fatal;

    public DeliveryPipeline(String threadName, Consumer<List<SinkRecord>> deliver) {
        this.deliver = deliver;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Hands {@code records} over: in the background if {@code background}, else applied before
     * returning. Either way the delivery before it, and a pending one, are applied first.
     */
    public void put(List<SinkRecord> records, boolean background) {
        settle();
        if (fatal != null) {
            RuntimeException failure = fatal;
            fatal = null;
            throw failure;
        }
        if (!pending.isEmpty()) {
            List<SinkRecord> again = pending;
            pending = List.of();
            try {
                deliver.accept(again);
            } catch (RetriableException e) {
                pending = again;
                throw e;
            }
        }
        if (!background || records.isEmpty()) {
            deliver.accept(records);
            return;
        }
        inFlightRecords = records;
        inFlight = executor.submit(() -> deliver.accept(records));
    }

    /** Waits for the delivery in flight; a failure is kept for the next put(). */
    public void settle() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for the batch being applied", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                pending = inFlightRecords;
            } else {
                fatal = e.getCause() instanceof RuntimeException runtime ? runtime
                        : new ConnectException("Applying a batch failed", e.getCause());
                pending = inFlightRecords;
            }
        } finally {
            inFlight = null;
            inFlightRecords = List.of();
        }
    }

    /** Per partition, the first offset of a delivery not applied yet (after {@link #settle}). */
    public Map<TopicPartition, Long> unappliedFrom() {
        Map<TopicPartition, Long> from = new HashMap<>();
        for (SinkRecord record : pending) {
            from.merge(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset(), Math::min);
        }
        return from;
    }

    /** Drops the pending records of partitions this task no longer has: their new owner applies them. */
    public void revoke(Collection<TopicPartition> partitions) {
        if (pending.isEmpty()) {
            return;
        }
        List<SinkRecord> kept = new ArrayList<>(pending.size());
        for (SinkRecord record : pending) {
            if (!partitions.contains(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()))) {
                kept.add(record);
            }
        }
        pending = kept;
    }

    /** Waits for the delivery in flight, then stops the thread. */
    @Override
    public void close() {
        try {
            settle();
        } finally {
            executor.shutdownNow();
        }
    }
}
