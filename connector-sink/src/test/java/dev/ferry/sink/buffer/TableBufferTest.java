package dev.ferry.sink.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.FerryHeaders;
import dev.ferry.contract.SnapshotEpoch;
import dev.ferry.sink.event.ChangeEvent.Kind;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class TableBufferTest {

    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
            .field("v", Schema.OPTIONAL_STRING_SCHEMA).field("big", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final TableId T = new TableId("public", "t");
    private long offset;

    private ChangeEvent upsert(long id, String v, boolean snapshot, Set<String> unchanged) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("v", v);
        row.put("big", unchanged.contains("big") ? null : "big-" + v);
        return new ChangeEvent(record(), T, Kind.UPSERT, snapshot, List.of("id"), List.of(id), null, row, ROW,
                unchanged, -1, -1);
    }

    private ChangeEvent keyChange(long from, long to, String v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", to);
        row.put("v", v);
        row.put("big", "b");
        return new ChangeEvent(record(), T, Kind.UPSERT, false, List.of("id"), List.of(to), List.of(from), row, ROW,
                Set.of(), -1, -1);
    }

    private ChangeEvent delete(long id) {
        return new ChangeEvent(record(), T, Kind.DELETE, false, List.of("id"), List.of(id), null, null, ROW, Set.of(),
                -1, -1);
    }

    /** The delete half of a key change as Debezium sends it, with a full before-image. */
    private ChangeEvent departure(long id, String v) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("id", id);
        before.put("v", v);
        before.put("big", "big-" + v);
        return new ChangeEvent(record(), T, Kind.DELETE, false, List.of("id"), List.of(id), null, null, ROW, Set.of(),
                -1, -1, before);
    }

    private ChangeEvent truncate() {
        return new ChangeEvent(record(), T, Kind.TRUNCATE, false, List.of(), List.of(), null, null, null, Set.of(),
                -1, -1);
    }

    private SinkRecord record() {
        return new SinkRecord("p.public.t", 0, null, null, null, null, offset++);
    }

    @Test
    void insertUpdateDeleteReinsertOfOneKeyEndsAsTheLastRow() {
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(upsert(1, "a", false, Set.of()));
        buffer.add(upsert(1, "b", false, Set.of()));
        buffer.add(delete(1));
        buffer.add(upsert(1, "c", false, Set.of()));

        assertThat(buffer.writes()).singleElement().satisfies(w -> {
            assertThat(w.delete()).isFalse();
            assertThat(w.row()).containsEntry("v", "c");
            assertThat(w.deleteFirst()).isTrue();
            assertThat(w.records()).hasSize(4);
        });
        assertThat(buffer.recordCount()).isEqualTo(4);
    }

    @Test
    void keyChangeDeletesTheOldKeyAndWritesTheNewOne() {
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(upsert(1, "a", false, Set.of()));
        buffer.add(keyChange(1, 2, "moved"));

        assertThat(buffer.writes()).hasSize(2);
        assertThat(buffer.writes()).filteredOn(PendingWrite::delete).singleElement()
                .satisfies(w -> assertThat(w.key()).containsExactly(1L));
        assertThat(buffer.writes()).filteredOn(w -> !w.delete()).singleElement()
                .satisfies(w -> assertThat(w.row()).containsEntry("id", 2L).containsEntry("v", "moved"));
    }

    @Test
    void truncateDiscardsEarlierChangesButKeepsLaterOnes() {
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(upsert(1, "a", false, Set.of()));
        buffer.add(truncate());
        buffer.add(upsert(2, "b", false, Set.of()));

        assertThat(buffer.truncate()).isTrue();
        assertThat(buffer.writes()).singleElement().satisfies(w -> assertThat(w.key()).containsExactly(2L));
    }

    @Test
    void aSnapshotTruncateWithAnEpochKeepsRowsOfOtherPartitionsAndOnlyNamesTheEpoch() {
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(withEpoch(upsert(1, "from partition 1", true, Set.of()), "p@7"));
        buffer.add(withEpoch(new ChangeEvent(record(), T, Kind.TRUNCATE, true, List.of(), List.of(), null, null, null,
                Set.of(), -1, -1), "p@7"));
        buffer.add(upsert(2, "streamed", false, Set.of()));

        assertThat(buffer.truncate()).isFalse();
        assertThat(buffer.snapshotEpochs()).containsExactly("p@7");
        assertThat(buffer.writes()).hasSize(2);
        assertThat(buffer.recordCount()).isEqualTo(3);
    }

    /** {@code event} as a snapshot record of {@code epoch}, named in its envelope schema. */
    private static ChangeEvent withEpoch(ChangeEvent event, String epoch) {
        SinkRecord record = event.record();
        SinkRecord marked = record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                SnapshotEpoch.mark(SchemaBuilder.struct().build(), epoch), record.value(), record.timestamp());
        return new ChangeEvent(marked, event.source(), event.kind(), event.snapshot(), event.keyColumns(), event.key(),
                event.oldKey(), event.row(), event.rowSchema(), event.unchangedColumns(), event.sourceTimestampMillis(),
                event.heartbeatMillis(), event.before());
    }

    @Test
    void anEpochInTheHeaderAnEarlierFerryWroteStillCounts() {
        TableBuffer buffer = new TableBuffer(T, false);
        ChangeEvent row = upsert(1, "from an older topic", true, Set.of());
        row.record().headers().addString(FerryHeaders.SNAPSHOT_EPOCH, "p@6");
        buffer.add(row);
        buffer.add(withEpoch(upsert(2, "from a newer one", true, Set.of()), "p@7"));
        buffer.add(upsert(3, "resumed: no epoch", true, Set.of()));

        assertThat(buffer.snapshotEpochs()).containsExactly("p@6", "p@7");
    }

    @Test
    void unchangedColumnsAreFilledFromAnEarlierChangeInTheBatch() {
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(upsert(1, "a", false, Set.of()));
        buffer.add(upsert(1, "b", false, Set.of("big")));

        assertThat(buffer.writes()).singleElement().satisfies(w -> {
            assertThat(w.unchangedColumns()).isEmpty();
            assertThat(w.row()).containsEntry("big", "big-a").containsEntry("v", "b");
        });
    }

    @Test
    void unchangedColumnsWithoutEarlierValueStayUnwritten() {
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(upsert(1, "b", false, Set.of("big")));
        assertThat(buffer.writes()).singleElement()
                .satisfies(w -> assertThat(w.writtenColumns()).containsExactly("id", "v"));
    }

    @Test
    void snapshotRowsKeepExistingOnlyWhenConfiguredAndOnlyWhileStillSnapshotRows() {
        TableBuffer keep = new TableBuffer(T, true);
        keep.add(upsert(1, "a", true, Set.of()));
        keep.add(upsert(2, "b", true, Set.of()));
        keep.add(upsert(2, "c", false, Set.of()));
        assertThat(keep.writes()).extracting(PendingWrite::keepExisting).containsExactly(true, false);

        TableBuffer overwrite = new TableBuffer(T, false);
        overwrite.add(upsert(1, "a", true, Set.of()));
        assertThat(overwrite.writes()).extracting(PendingWrite::keepExisting).containsExactly(false);
    }

    @Test
    void aKeySwapUnderADeferredKeyKeepsBothRows() {
        // UPDATE t SET id = 3 - id WHERE id IN (1, 2): row a moves onto key 2 before row b leaves it.
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(departure(1, "a"));
        buffer.add(upsert(2, "a", false, Set.of()));
        buffer.add(departure(2, "b"));
        buffer.add(upsert(1, "b", false, Set.of()));
        Map<Object, String> rows = new LinkedHashMap<>();
        buffer.writes().forEach(w -> rows.put(w.key().get(0), w.delete() ? "deleted" : (String) w.row().get("v")));
        assertThat(rows).containsOnly(Map.entry(1L, "b"), Map.entry(2L, "a"));
        assertThat(buffer.writes()).allSatisfy(w -> assertThat(w.deleteFirst()).isTrue());
    }

    @Test
    void aRowMovedTwiceLeavesItsIntermediateKeyDeleted() {
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(upsert(5, "x", false, Set.of()));
        buffer.add(departure(5, "x"));
        buffer.add(upsert(6, "x", false, Set.of()));
        buffer.add(departure(6, "x"));
        buffer.add(upsert(7, "x", false, Set.of()));
        Map<Object, Boolean> deleted = new LinkedHashMap<>();
        buffer.writes().forEach(w -> deleted.put(w.key().get(0), w.delete()));
        assertThat(deleted).containsOnly(Map.entry(5L, true), Map.entry(6L, true), Map.entry(7L, false));
    }

    @Test
    void aDeleteWithOnlyTheKeyInItsBeforeImageAlwaysDeletes() {
        TableBuffer buffer = new TableBuffer(T, false);
        buffer.add(upsert(1, "a", false, Set.of()));
        Map<String, Object> keyOnly = new LinkedHashMap<>();
        keyOnly.put("id", 1L);
        keyOnly.put("v", null);
        buffer.add(new ChangeEvent(record(), T, Kind.DELETE, false, List.of("id"), List.of(1L), null, null, ROW,
                Set.of(), -1, -1, keyOnly));
        assertThat(buffer.writes()).singleElement().satisfies(w -> assertThat(w.delete()).isTrue());
    }
}
