package dev.ferry.sink.errors;

import dev.ferry.sink.buffer.PendingWrite;
import dev.ferry.sink.event.ChangeEventParser;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.metrics.SinkMetrics;
import java.sql.SQLException;
import java.util.List;
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
 */
public final class BadRecords {

    private static final Logger LOG = LoggerFactory.getLogger(BadRecords.class);

    private final boolean tolerated;
    private final Supplier<ErrantRecordReporter> reporter;
    private final SinkMetrics metrics;

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
            dlq.report(record, new ConnectException(what, error));
            metrics.deadLettered();
        }
    }
}
