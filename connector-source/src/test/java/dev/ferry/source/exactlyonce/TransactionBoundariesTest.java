package dev.ferry.source.exactlyonce;

import static dev.ferry.source.keychange.KeyChangeRecords.change;
import static dev.ferry.source.keychange.KeyChangeRecords.departure;
import static dev.ferry.source.keychange.KeyChangeRecords.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.junit.jupiter.api.Test;

class TransactionBoundariesTest {

    private final List<SourceRecord> committedAfter = new ArrayList<>();
    private final TransactionBoundaries boundaries = TransactionBoundaries.of(new Context());

    @Test
    void aBatchOfWholeChangesEndsItsTransactionAfterItsLastRecord() {
        SourceRecord last = change(3, 3);
        boundaries.batch(List.of(change(1, 1), change(2, 2), last));

        assertThat(committedAfter).containsExactly(last);
    }

    @Test
    void aBatchEndingAfterTheDeleteHalfOfAKeyChangeEndsItsTransactionBeforeIt() {
        SourceRecord before = change(1, 1);
        boundaries.batch(List.of(before, departure(2, 7)));

        assertThat(committedAfter).containsExactly(before);
    }

    @Test
    void aBatchEndingAfterTheTombstoneOfAKeyChangeEndsItsTransactionBeforeTheDelete() {
        SourceRecord before = change(1, 1);
        boundaries.batch(List.of(before, departure(2, 7), tombstone(2, 7)));

        assertThat(committedAfter).containsExactly(before);
    }

    @Test
    void aKeyChangeWhoseCreateIsInTheBatchEndsNothingEarly() {
        SourceRecord arrival = change(1002, 7);
        boundaries.batch(List.of(change(1, 1), departure(2, 7), tombstone(2, 7), arrival));

        assertThat(committedAfter).containsExactly(arrival);
    }

    @Test
    void aBatchHoldingOnlyTheDeleteHalfLeavesTheTransactionOpen() {
        boundaries.batch(List.of(departure(2, 7), tombstone(2, 7)));
        boundaries.batch(List.of(departure(2, 7)));

        assertThat(committedAfter).isEmpty();
    }

    @Test
    void aKeyChangeSplitAcrossBatchesEndsTheTransactionOnlyAfterItsCreate() {
        SourceRecord before = change(1, 1);
        SourceRecord arrival = change(1002, 7);
        boundaries.batch(List.of(before, departure(2, 7)));
        boundaries.batch(List.of(tombstone(2, 7)));
        boundaries.batch(List.of(arrival));

        assertThat(committedAfter).containsExactly(before, arrival);
    }

    @Test
    void withoutConnectorDefinedBoundariesNothingIsCommitted() {
        TransactionBoundaries.of(null).batch(List.of(change(1, 1)));

        assertThat(committedAfter).isEmpty();
    }

    private final class Context implements SourceTaskContext {

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return null;
        }

        @Override
        public TransactionContext transactionContext() {
            return new TransactionContext() {
                @Override
                public void commitTransaction() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void commitTransaction(SourceRecord record) {
                    committedAfter.add(record);
                }

                @Override
                public void abortTransaction() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void abortTransaction(SourceRecord record) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
