package dev.ferry.sink.errors;

import dev.ferry.sink.buffer.PendingWrite;
import dev.ferry.sink.event.ChangeEventParser;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.metrics.SinkMetrics;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where records go that no retry can apply: a record that cannot be parsed or converted, or a
 * row the target refuses. Under {@code errors.tolerance=all} they go to the dead-letter queue
 * with a message naming topic, partition, offset, table and key; otherwise the task stops with
 * that message.
 *
 * <p>Records for the dead-letter queue are handed to Connect by {@link #send} on the task thread:
 * the apply may run on a background thread ({@code DeliveryPipeline}), and Connect's reporter
 * is not safe to call while the task thread awaits its earlier reports before an offset commit.
 */
public final class BadRecords {

    private static final Logger LOG = LoggerFactory.getLogger(BadRecords.class);

    private final boolean tolerated;
    private final Supplier<ErrantRecordReporter> reporter;
    private final SinkMetrics metrics;
    private final Queue<Refused> toSend = new ConcurrentLinkedQueue<>();

    private record Refused(SinkRecord record, ConnectException error) {
    }

    public BadRecords(boolean tolerated, Supplier<ErrantRecordReporter> reporter, SinkMetrics metrics) {
        this.tolerated = tolerated;
        this.reporter = reporter;
        this.metrics = metrics;
    }

    /** A record that could not be understood. */
    public void unreadable(SinkRecord record, RuntimeException error) {
        String what = "cannot apply the record at " + ChangeEventParser.position(record) + " (topic " + record.topic()
                + ", partition " + record.kafkaPartition() + ", offset " + record.kafkaOffset() + ", key "
                + record.key() + "): " + error.getMessage();
        report(what, List.of(record), error, "");
    }

    /** A write of {@code table} that the target refused in isolation. */
    public void refused(TableId table, PendingWrite write, SQLException error) {
        String what = "cannot write key " + write.key() + " to table " + table + " (records "
                + write.records().stream().map(r -> "topic " + r.topic() + " partition " + r.kafkaPartition()
                        + " offset " + r.kafkaOffset()).toList() + "): " + error.getMessage();
        report(what, write.records(), error, " Fix the target column or the data;");
    }

    private void report(String what, List<SinkRecord> records, Exception error, String advice) {
        ErrantRecordReporter dlq = tolerated ? reporter.get() : null;
        if (dlq == null) {
            throw new ConnectException(what + "." + advice + " With errors.tolerance=all the record would go to the "
                    + "dead-letter queue", error);
        }
        LOG.warn("{}; sending {} record(s) to the dead-letter queue", what, records.size());
        for (SinkRecord record : records) {
            toSend.add(new Refused(record, new ConnectException(what, error)));
        }
    }

    /**
     * Hands the records refused since the last call to Connect's dead-letter queue; with
     * {@code awaitWritten}, returns once they are written (before an offset commit: Connect waits
     * only for the reports it had before it asked the task which offsets to commit).
     */
    public void send(boolean awaitWritten) {
        List<Future<Void>> sent = new ArrayList<>();
        for (Refused refused = toSend.poll(); refused != null; refused = toSend.poll()) {
            sent.add(reporter.get().report(refused.record(), refused.error()));
            metrics.deadLettered();
        }
        if (!awaitWritten) {
            return;
        }
        for (Future<Void> written : sent) {
            try {
                written.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while writing to the dead-letter queue", e);
            } catch (ExecutionException e) {
                throw new ConnectException("Cannot write to the dead-letter queue: " + e.getCause().getMessage(), e);
            }
        }
    }
}
