package dev.ferry.source.exactlyonce;

import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;

/**
 * Where the task's Kafka transactions end when the worker runs exactly-once source support and the
 * connector has {@code transaction.boundary=connector}: after the last row of each snapshot chunk,
 * so a chunk's rows and the offset that marks it delivered are committed together (with Connect's
 * default {@code poll} boundary a crash can commit part of a chunk, which the restart reads again),
 * and after the last record of every other batch. Without that setting it does nothing.
 */
public final class TransactionBoundaries {

    private final TransactionContext transactions;

    private TransactionBoundaries(TransactionContext transactions) {
        this.transactions = transactions;
    }

    /** Connect hands a transaction context only to tasks whose connector defines the boundaries. */
    public static TransactionBoundaries of(SourceTaskContext context) {
        return new TransactionBoundaries(context == null ? null : context.transactionContext());
    }

    public boolean connectorDefined() {
        return transactions != null;
    }

    /**
     * Ends a transaction at every snapshot record that completes a chunk. Every record is asked,
     * also without a transaction context, so the snapshot forgets the chunk ends it remembered.
     */
    public void snapshotBatch(List<SourceRecord> records, Predicate<SourceRecord> endsChunk) {
        for (SourceRecord record : records) {
            if (endsChunk.test(record) && transactions != null) {
                transactions.commitTransaction(record);
            }
        }
    }

    /**
     * Drops the open transaction: the records handed over since the last boundary (part of a
     * snapshot chunk that is about to be read again) never reach a {@code read_committed} consumer.
     * Connect aborts it once the current {@code poll()} returns, with or without records.
     */
    public void abortOpen() {
        if (transactions != null) {
            transactions.abortTransaction();
        }
    }

    /** Ends a transaction after the batch's last record. */
    public void batch(List<SourceRecord> records) {
        if (transactions != null && records != null && !records.isEmpty()) {
            transactions.commitTransaction(records.get(records.size() - 1));
        }
    }
}
