package dev.ferry.transforms;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Hand-built change records of a table {@code public.orders(id, region, amt, created, active)} in
 * both shapes a transform meets: Debezium envelopes (as Ferry's source writes them) and flattened
 * rows (as ExtractNewRecordState leaves them, with {@code __op} and {@code __deleted}).
 */
final class ChangeEvents {

    static final String TOPIC = "shop.public.orders";

    static final Schema KEY = SchemaBuilder.struct().name("shop.public.orders.Key")
            .field("id", Schema.INT32_SCHEMA).build();

    static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("region", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amt", Decimal.builder(2).optional().build())
            .field("created", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .build();

    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("db", Schema.STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .build();

    static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.public.orders.Envelope")
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    static final Schema FLAT = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("region", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amt", Decimal.builder(2).optional().build())
            .field("created", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("__op", Schema.OPTIONAL_STRING_SCHEMA)
            .field("__deleted", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private ChangeEvents() {
    }

    /** A row; {@code amount} null means SQL NULL. Dates are days since 1970-01-01. */
    static Struct row(int id, String region, String amount) {
        Struct row = new Struct(ROW).put("id", id).put("region", region)
                .put("amt", amount == null ? null : new BigDecimal(amount).setScale(2))
                .put("created", 19723).put("active", true);
        return row;
    }

    static SourceRecord envelope(String op, Struct before, Struct after) {
        Struct source = new Struct(SOURCE).put("connector", "postgresql").put("name", "shop").put("ts_ms", 1L)
                .put("db", "shop").put("schema", "public").put("table", "orders");
        Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source)
                .put("op", op).put("ts_ms", 2L);
        Struct image = after != null ? after : before;
        Struct key = image == null ? null : new Struct(KEY).put("id", image.getInt32("id"));
        return new SourceRecord(Map.of(), Map.of(), TOPIC, 0, key == null ? null : KEY, key, ENVELOPE, value);
    }

    static SourceRecord flat(String op, Struct row) {
        Struct value = new Struct(FLAT);
        for (var field : ROW.fields()) {
            value.put(field.name(), row.get(field));
        }
        value.put("__op", op).put("__deleted", String.valueOf("d".equals(op)));
        Struct key = new Struct(KEY).put("id", row.getInt32("id"));
        return new SourceRecord(Map.of(), Map.of(), TOPIC, 0, KEY, key, FLAT, value);
    }

    static SourceRecord tombstone(int id) {
        Struct key = new Struct(KEY).put("id", id);
        return new SourceRecord(Map.of(), Map.of(), TOPIC, 0, KEY, key, null, null);
    }

    /** A heartbeat row of Ferry's heartbeat table, as an envelope. */
    static SourceRecord heartbeat() {
        Schema row = SchemaBuilder.struct().name("shop.public.ferry_heartbeat.Value").optional()
                .field("slot", Schema.STRING_SCHEMA).field("ts", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().name("shop.public.ferry_heartbeat.Envelope")
                .field("before", row).field("after", row).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
                .build();
        Struct source = new Struct(SOURCE).put("connector", "postgresql").put("name", "shop").put("ts_ms", 1L)
                .put("db", "shop").put("schema", "public").put("table", "ferry_heartbeat");
        Struct value = new Struct(envelope).put("after", new Struct(row).put("slot", "ferry_shop").put("ts", "x"))
                .put("source", source).put("op", "u");
        return new SourceRecord(Map.of(), Map.of(), "shop.public.ferry_heartbeat", 0, null, null, envelope, value);
    }

    /** Debezium's own heartbeat topic record: a struct with ts_ms only. */
    static SourceRecord debeziumHeartbeat() {
        Schema schema = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        return new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.shop", 0, null, null, schema,
                new Struct(schema).put("ts_ms", 5L));
    }

    static Struct value(SourceRecord record) {
        return (Struct) record.value();
    }
}
