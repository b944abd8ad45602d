package dev.ferry.sink.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.sink.config.SinkConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ChangeEventParserTest {

    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA)
            .field("v", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW)
            .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    private final ChangeEventParser parser = new ChangeEventParser(new SinkConfig(Map.of("connection.url", "jdbc:postgresql://x/y")));

    private static Struct row(int id, String v) {
        return new Struct(ROW).put("id", id).put("v", v);
    }

    private static SinkRecord envelope(String op, Struct before, Struct after, String table, ConnectHeaders headers) {
        Struct source = new Struct(SOURCE).put("schema", "sales").put("table", table).put("ts_ms", 1000L);
        Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source).put("op", op);
        int id = (after != null ? after : before).getInt32("id");
        return new SinkRecord("p.sales." + table, 0, KEY, new Struct(KEY).put("id", id), ENVELOPE, value, 5, null,
                null, headers);
    }

    @Test
    void envelopeOperationsBecomeUpsertsDeletesAndKeyChanges() {
        ChangeEvent create = parser.parse(envelope("c", null, row(1, "a"), "orders", new ConnectHeaders()));
        assertThat(create.kind()).isEqualTo(ChangeEvent.Kind.UPSERT);
        assertThat(create.source()).isEqualTo(new TableId("sales", "orders"));
        assertThat(create.key()).containsExactly(1);
        assertThat(create.row()).containsEntry("v", "a");
        assertThat(create.sourceTimestampMillis()).isEqualTo(1000L);

        ChangeEvent moved = parser.parse(envelope("u", row(1, "a"), row(2, "a"), "orders", new ConnectHeaders()));
        assertThat(moved.changesKey()).isTrue();
        assertThat(moved.oldKey()).containsExactly(1);

        ChangeEvent delete = parser.parse(envelope("d", row(3, "x"), null, "orders", new ConnectHeaders()));
        assertThat(delete.kind()).isEqualTo(ChangeEvent.Kind.DELETE);
        assertThat(delete.key()).containsExactly(3);

        assertThat(parser.parse(envelope("r", null, row(4, "s"), "orders", new ConnectHeaders())).snapshot()).isTrue();
    }

    @Test
    void unchangedColumnsComeFromFerrysHeaderAndFromDebeziumsPlaceholder() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("ferry.unchanged.columns", "[\"v\"]");
        assertThat(parser.parse(envelope("u", null, row(1, null), "orders", headers)).unchangedColumns())
                .containsExactly("v");
        assertThat(parser.parse(envelope("u", null, row(1, "__debezium_unavailable_value"), "orders",
                new ConnectHeaders())).unchangedColumns()).containsExactly("v");
    }

    @Test
    void heartbeatsCarryTheSourceClock() {
        Schema hbRow = SchemaBuilder.struct().optional().field("slot_name", Schema.STRING_SCHEMA)
                .field("ts", Schema.STRING_SCHEMA).build();
        Schema hbKey = SchemaBuilder.struct().field("slot_name", Schema.STRING_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().field("before", hbRow).field("after", hbRow).field("op", Schema.STRING_SCHEMA)
                .build();
        Struct value = new Struct(envelope).put("after", new Struct(hbRow).put("slot_name", "ferry_p")
                .put("ts", "2026-01-01T00:00:01.5Z")).put("op", "u");
        ChangeEvent event = parser.parse(new SinkRecord("p.public.ferry_heartbeat", 0, hbKey,
                new Struct(hbKey).put("slot_name", "ferry_p"), envelope, value, 1));
        assertThat(event.kind()).isEqualTo(ChangeEvent.Kind.HEARTBEAT);
        assertThat(event.heartbeatMillis()).isEqualTo(1767225601500L);
    }

    @Test
    void flattenedRecordsAndTombstones() {
        SinkRecord flat = new SinkRecord("p.sales.items", 0, KEY, new Struct(KEY).put("id", 9), ROW, row(9, "f"), 1);
        ChangeEvent upsert = parser.parse(flat);
        assertThat(upsert.kind()).isEqualTo(ChangeEvent.Kind.UPSERT);
        assertThat(upsert.source()).isEqualTo(new TableId("sales", "items"));

        SinkRecord tombstone = new SinkRecord("p.sales.items", 0, KEY, new Struct(KEY).put("id", 9), null, null, 2);
        ChangeEvent delete = parser.parse(tombstone);
        assertThat(delete.kind()).isEqualTo(ChangeEvent.Kind.DELETE);
        assertThat(delete.key()).isEqualTo(List.of(9));
    }

    @Test
    void theTombstoneDebeziumSendsAfterAnEnvelopeDeleteIsNotASecondDelete() {
        assertThat(parser.parse(envelope("d", row(3, "x"), null, "orders", new ConnectHeaders())).kind())
                .isEqualTo(ChangeEvent.Kind.DELETE);
        SinkRecord tombstone = new SinkRecord("p.sales.orders", 0, KEY, new Struct(KEY).put("id", 3), null, null, 6);
        assertThat(parser.parse(tombstone).kind()).isEqualTo(ChangeEvent.Kind.SKIP);
        SinkRecord another = new SinkRecord("p.sales.orders", 0, KEY, new Struct(KEY).put("id", 4), null, null, 7);
        assertThat(parser.parse(another).kind()).as("a tombstone of its own is a delete").isEqualTo(ChangeEvent.Kind.DELETE);
    }

    @Test
    void eachRecordIsReadWithItsOwnSchemasWhenTablesAndKeysAlternate() {
        // A second table: another column order, a two-column key, a source block from MySQL (db, no schema).
        Schema key2 = SchemaBuilder.struct().field("region", Schema.STRING_SCHEMA).field("id", Schema.INT32_SCHEMA).build();
        Schema row2 = SchemaBuilder.struct().optional().field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .field("id", Schema.INT32_SCHEMA).field("region", Schema.STRING_SCHEMA).build();
        Schema source2 = SchemaBuilder.struct().field("db", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .build();
        Schema envelope2 = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA).field("source", source2)
                .field("after", row2).field("before", row2).build();
        Struct after2 = new Struct(row2).put("note", "n").put("id", 7).put("region", "eu");
        Struct value2 = new Struct(envelope2).put("op", "c").put("source", new Struct(source2).put("db", "shop")
                .put("table", "regions")).put("after", after2);
        SinkRecord second = new SinkRecord("m.shop.regions", 0, key2, new Struct(key2).put("region", "eu").put("id", 7),
                envelope2, value2, 1);

        for (int round = 0; round < 2; round++) {
            ChangeEvent first = parser.parse(envelope("u", row(1, "a"), row(2, "b"), "orders", new ConnectHeaders()));
            assertThat(first.source()).isEqualTo(new TableId("sales", "orders"));
            assertThat(first.keyColumns()).containsExactly("id");
            assertThat(first.key()).containsExactly(2);
            assertThat(first.oldKey()).containsExactly(1);
            assertThat(first.row()).containsExactly(Map.entry("id", 2), Map.entry("v", "b"));
            assertThat(first.sourceTimestampMillis()).isEqualTo(1000L);

            ChangeEvent other = parser.parse(second);
            assertThat(other.source()).isEqualTo(new TableId("shop", "regions"));
            assertThat(other.keyColumns()).containsExactly("region", "id");
            assertThat(other.key()).containsExactly("eu", 7);
            assertThat(other.row()).containsExactly(Map.entry("note", "n"), Map.entry("id", 7), Map.entry("region", "eu"));
            assertThat(other.sourceTimestampMillis()).as("no ts_ms in this source block").isEqualTo(-1L);
        }
    }

    @Test
    void aSourceBlockOfTheWrongTypesIsRefusedNamingTheField() {
        Schema key = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        Schema row = SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA).build();
        Schema numberedTable = SchemaBuilder.struct().field("table", Schema.INT32_SCHEMA).build();
        Schema textClock = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.STRING_SCHEMA).build();
        for (Struct source : List.of(new Struct(numberedTable).put("table", 5),
                new Struct(textClock).put("table", "t").put("ts_ms", "yesterday"))) {
            Schema envelope = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA).field("source", source.schema())
                    .field("after", row).build();
            Struct value = new Struct(envelope).put("op", "c").put("source", source)
                    .put("after", new Struct(row).put("id", 1));
            SinkRecord record = new SinkRecord("p.public.t", 0, key, new Struct(key).put("id", 1), envelope, value, 3);
            String field = source.schema().field("ts_ms") == null ? "source.table of type INT32"
                    : "source.ts_ms of type STRING";
            assertThatThrownBy(() -> parser.parse(record)).isInstanceOf(DataException.class)
                    .hasMessageContaining(field).hasMessageContaining("p.public.t-0@3");
        }
    }

    @Test
    void flattenedRowsOfTwoSchemasInTurnKeepTheirOwnColumnsWithoutMetadata() {
        Schema withMetadata = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("w", Schema.STRING_SCHEMA)
                .field("__deleted", Schema.STRING_SCHEMA).build();
        SinkRecord first = new SinkRecord("p.sales.items", 0, KEY, new Struct(KEY).put("id", 1), withMetadata,
                new Struct(withMetadata).put("id", 1).put("w", "x").put("__deleted", "false"), 1);
        SinkRecord second = new SinkRecord("p.sales.items", 0, KEY, new Struct(KEY).put("id", 2), ROW, row(2, "y"), 2);
        for (int round = 0; round < 2; round++) {
            assertThat(parser.parse(first).row()).containsExactly(Map.entry("id", 1), Map.entry("w", "x"));
            assertThat(parser.parse(second).row()).containsExactly(Map.entry("id", 2), Map.entry("v", "y"));
        }
    }

    @Test
    void anEnvelopeWithoutAStringOpIsRejectedWithItsPosition() {
        Schema odd = SchemaBuilder.struct().field("before", ROW).field("after", ROW).field("op", Schema.INT32_SCHEMA)
                .build();
        SinkRecord record = new SinkRecord("p.sales.orders", 1, KEY, new Struct(KEY).put("id", 1), odd,
                new Struct(odd).put("after", row(1, "a")).put("op", 3), 8);
        assertThatThrownBy(() -> parser.parse(record)).isInstanceOf(DataException.class)
                .hasMessageContaining("p.sales.orders-1@8").hasMessageContaining("'op'");
    }

    @Test
    void schemalessRecordsAreRejectedWithTheirPosition() {
        SinkRecord schemaless = new SinkRecord("p.sales.items", 3, null, null, null, Map.of("id", 1), 42);
        assertThatThrownBy(() -> parser.parse(schemaless)).isInstanceOf(DataException.class)
                .hasMessageContaining("p.sales.items-3@42").hasMessageContaining("schemas");
    }
}
