package dev.ferry.source.exactlyonce;

import static dev.ferry.source.keychange.KeyChangeOffsets.stillInKeyChange;

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
    /** Whether the last streamed batch ended inside a primary-key change. */
    private boolean inKeyChange;

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

    /**
     * Ends a transaction after the batch's last record, unless the batch ends inside a primary-key
     * change: Debezium writes one as a delete of the old key (with the {@code __debezium.newkey}
     * header), its tombstone and a create of the new key, all three with the WAL position of the one
     * UPDATE. A transaction ending after the delete would commit that position; a task restarted
     * from it skips the UPDATE, and the new key's row is lost (ChaosIT seed 3: a worker killed while
     * rows changed keys). The transaction then ends before the delete, or, when the batch holds
     * nothing else, goes on into the next batch, until the create. (Without connector-defined boundaries
     * {@link dev.ferry.source.keychange.KeyChangeOffsets} covers the same gap.)
     */
    public void batch(List<SourceRecord> records) {
        if (transactions == null || records == null || records.isEmpty()) {
            return;
        }
        SourceRecord end = null;
        for (SourceRecord record : records) {
            inKeyChange = stillInKeyChange(inKeyChange, record);
            if (!inKeyChange) {
                end = record;
            }
        }
        if (end != null) {
            transactions.commitTransaction(end);
        }
    }
}
