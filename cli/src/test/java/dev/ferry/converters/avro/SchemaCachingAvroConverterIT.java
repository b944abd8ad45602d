package dev.ferry.converters.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.testsupport.SchemaRegistryExtension;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ferry's Avro converter against Apicurio's, both writing to one real schema registry: every
 * record, odd values included, must be the same bytes, and must read back to the value written.
 */
class SchemaCachingAvroConverterIT {

    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(6).parameter("connect.decimal.precision", "20").optional().build())
            .field("day", Date.builder().optional().build())
            .field("at", Time.builder().optional().build())
            .field("created", Timestamp.builder().optional().build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).optional().build())
            .field("by_number", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("status", SchemaBuilder.string().defaultValue("new").optional().build())
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("small", Schema.OPTIONAL_INT8_SCHEMA)
            .field("short", Schema.OPTIONAL_INT16_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("wide", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("lines", SchemaBuilder.array(SchemaBuilder.struct().name("shop.Line")
                    .field("sku", Schema.STRING_SCHEMA).field("qty", Schema.OPTIONAL_INT32_SCHEMA).optional().build())
                    .optional().build())
            .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .optional().build();

    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("table", Schema.STRING_SCHEMA).build();

    private static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.public.orders.Envelope").version(2)
            .field("before", ROW).field("after", ROW).field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

    private static final Schema KEY = SchemaBuilder.struct().name("shop.public.orders.Key")
            .field("id", Schema.INT64_SCHEMA).build();

    private final List<AvroConverter<Object>> opened = new ArrayList<>();

    @AfterEach
    void closeConverters() {
        opened.forEach(AvroConverter::close);
    }

    @Test
    void writesExactlyWhatApicuriosConverterWritesForEveryRecordOfOddValues() {
        // The examples' settings take the cached path; otherwise this would only test Apicurio against itself.
        assertThat(SchemaCachingAvroConverter.uncachedBecause(ferrySettings())).isNull();
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), false);
        List<Struct> envelopes = oddEnvelopes();
        for (int round = 0; round < 3; round++) {
            for (Struct envelope : envelopes) {
                byte[] ours = ferry.fromConnectData("shop.public.orders", new RecordHeaders(), ENVELOPE, envelope);
                byte[] theirs = apicurio.fromConnectData("shop.public.orders", new RecordHeaders(), ENVELOPE, envelope);
                assertThat(ours).as("record %s, round %d", envelope, round).isEqualTo(theirs);
                SchemaAndValue read = apicurio.toConnectData("shop.public.orders", ours);
                assertThat(comparable(read.value())).isEqualTo(comparable(envelope));
            }
        }
        assertThat(REGISTRY.versions("shop.public.orders-value")).hasSize(1);
    }

    @Test
    void keysAndPrimitiveValuesAreWrittenAsApicurioWritesThem() {
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), true);
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), true);
        for (long id : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            Struct key = new Struct(KEY).put("id", id);
            assertThat(ferry.fromConnectData("keys", KEY, key)).isEqualTo(apicurio.fromConnectData("keys", KEY, key));
        }
        for (String text : new String[] {"", "\u0000", "é🚀", "x".repeat(100_000)}) {
            assertThat(ferry.fromConnectData("texts", Schema.STRING_SCHEMA, text))
                    .isEqualTo(apicurio.fromConnectData("texts", Schema.STRING_SCHEMA, text));
        }
        assertThat(ferry.fromConnectData("keys", null, null)).isNull();
        assertThatThrownBy(() -> ferry.fromConnectData("keys", KEY, null)).isInstanceOf(DataException.class)
                .hasMessage(catchMessage(() -> apicurio.fromConnectData("keys", KEY, null)));
    }

    /**
     * Each topic's first record goes through Apicurio's converter, which finds the id for the schema's
     * content in its own cache (so it registers the schema under the first topic only).
     */
    @Test
    void oneSchemaOnTwoTopicsIsWrittenAsApicurioWritesIt() {
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), false);
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        Struct envelope = oddEnvelopes().get(0);
        for (int i = 0; i < 2; i++) {
            for (String topic : List.of("east.orders", "west.orders")) {
                assertThat(ferry.fromConnectData(topic, ENVELOPE, envelope))
                        .isEqualTo(apicurio.fromConnectData(topic, ENVELOPE, envelope));
            }
        }
    }

    @Test
    void anEqualSchemaBuiltAgainAndANewVersionOfTheTableAreWrittenAsApicurioWritesThem() {
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), false);
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        Schema first = customers(false);
        Schema sameAgain = customers(false);
        Schema withColumn = customers(true);
        Struct a = new Struct(first).put("id", 1).put("name", "a");
        Struct b = new Struct(sameAgain).put("id", 2).put("name", "b");
        Struct c = new Struct(withColumn).put("id", 3).put("name", "c").put("country", "ü");
        byte[] ours = ferry.fromConnectData("shop.public.customers", first, a);
        assertThat(ours).isEqualTo(apicurio.fromConnectData("shop.public.customers", first, a));
        assertThat(ferry.fromConnectData("shop.public.customers", sameAgain, b))
                .isEqualTo(apicurio.fromConnectData("shop.public.customers", sameAgain, b));
        byte[] evolved = ferry.fromConnectData("shop.public.customers", withColumn, c);
        assertThat(evolved).isEqualTo(apicurio.fromConnectData("shop.public.customers", withColumn, c));
        assertThat(ByteBuffer.wrap(evolved, 1, 4).getInt()).isNotEqualTo(ByteBuffer.wrap(ours, 1, 4).getInt());
        assertThat(REGISTRY.versions("shop.public.customers-value")).hasSize(2);
    }

    @Test
    void withTheIdInHeadersEveryRecordGoesThroughApicuriosConverter() {
        Map<String, Object> settings = ferrySettings();
        settings.put("apicurio.registry.headers.enabled", "true");
        assertThat(SchemaCachingAvroConverter.uncachedBecause(settings)).contains("headers.enabled");
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), settings, false);
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), settings, false);
        for (Struct envelope : oddEnvelopes()) {
            RecordHeaders ourHeaders = new RecordHeaders();
            RecordHeaders theirHeaders = new RecordHeaders();
            assertThat(ferry.fromConnectData("headed.orders", ourHeaders, ENVELOPE, envelope))
                    .isEqualTo(apicurio.fromConnectData("headed.orders", theirHeaders, ENVELOPE, envelope));
            assertThat(ourHeaders.toArray()).isEqualTo(theirHeaders.toArray()).isNotEmpty();
        }
    }

    @Test
    void aValueThatDoesNotMatchItsSchemaFailsAsInApicuriosConverter() {
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), false);
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        Struct good = oddEnvelopes().get(0);
        ferry.fromConnectData("shop.public.orders", ENVELOPE, good);
        Struct missingOp = new Struct(ENVELOPE).put("after", good.get("after")).put("source", good.get("source"));
        assertThatThrownBy(() -> ferry.fromConnectData("shop.public.orders", ENVELOPE, missingOp))
                .isInstanceOf(DataException.class)
                .hasMessage(catchMessage(() -> apicurio.fromConnectData("shop.public.orders", ENVELOPE, missingOp)));
    }

    @Test
    void theDirectEncoderAloneWritesApicuriosBodyForEveryOddValue() throws Exception {
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        org.apache.avro.Schema avro = new AvroData(
                new AvroDataConfig(ferrySettings())).fromConnectSchema(ENVELOPE);
        DirectAvroEncoder.ValueEncoder direct = DirectAvroEncoder.compile(ENVELOPE, avro);
        for (Struct envelope : oddEnvelopes()) {
            byte[] record = apicurio.fromConnectData("shop.public.orders", ENVELOPE, envelope);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            BinaryEncoder out = EncoderFactory.get().binaryEncoder(body, null);
            direct.encode(envelope, out);
            out.flush();
            assertThat(body.toByteArray()).isEqualTo(Arrays.copyOfRange(record, 5, record.length));
        }
    }

    @Test
    void aRefusedValueLeavesNothingBehindForTheNextRecord() {
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), false);
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        List<Struct> envelopes = oddEnvelopes();
        ferry.fromConnectData("shop.public.orders", ENVELOPE, envelopes.get(0));
        Struct otherScale = new Struct(ROW).put("id", 1L).put("note", "half written").put("amount", new BigDecimal("1.5"));
        String expected = catchMessage(() -> apicurio.fromConnectData("shop.public.orders", ENVELOPE,
                envelope(null, otherScale, "c", (Struct) envelopes.get(0).get("source"))));
        assertThatThrownBy(() -> ferry.fromConnectData("shop.public.orders", ENVELOPE,
                envelope(null, otherScale, "c", (Struct) envelopes.get(0).get("source"))))
                .isInstanceOf(DataException.class).hasMessage(expected);
        for (Struct envelope : envelopes) {
            assertThat(ferry.fromConnectData("shop.public.orders", ENVELOPE, envelope))
                    .isEqualTo(apicurio.fromConnectData("shop.public.orders", ENVELOPE, envelope));
        }
    }

    @Test
    void schemasOnlyAvroDataWritesAreWrittenThroughIt() {
        Map<String, Object> settings = ferrySettings();
        settings.put("enhanced.avro.schema.support", "true");
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), settings, false);
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), settings, false);
        Schema enumAndFixed = enumAndFixed();
        for (String mood : List.of("happy", "sad", "happy")) {
            Struct value = new Struct(enumAndFixed).put("mood", mood).put("hash", new byte[] {1, 2, 3, 4});
            assertThat(ferry.fromConnectData("shop.public.odd", enumAndFixed, value))
                    .isEqualTo(apicurio.fromConnectData("shop.public.odd", enumAndFixed, value));
        }
    }

    @Test
    void readsEveryRecordOfOddValuesAsApicuriosConverterReadsIt() {
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), false);
        List<Struct> envelopes = oddEnvelopes();
        List<byte[]> records = envelopes.stream()
                .map(envelope -> apicurio.fromConnectData("shop.public.orders", ENVELOPE, envelope)).toList();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < records.size(); i++) {
                byte[] record = records.get(i);
                SchemaAndValue theirs = apicurio.toConnectData("shop.public.orders", record);
                SchemaAndValue ours = ferry.toConnectData("shop.public.orders", new RecordHeaders(), record);
                assertThat(ours).as("record %d, round %d", i, round).isEqualTo(theirs);
                assertThat(comparable(ours.value())).isEqualTo(comparable(envelopes.get(i)));
            }
        }
        // Everything after the first record was decoded by Ferry's decoder, none by Apicurio's.
        assertThat(ferry.readsDirectly(records.get(0))).isTrue();
    }

    @Test
    void readsKeysPrimitivesAndTwoVersionsOfATableAsApicuriosConverterReadsThem() {
        AvroConverter<Object> apicurioKeys = open(new AvroConverter<>(), ferrySettings(), true);
        SchemaCachingAvroConverter ferryKeys = open(new SchemaCachingAvroConverter(), ferrySettings(), true);
        List<byte[]> keys = new ArrayList<>();
        for (long id : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            keys.add(apicurioKeys.fromConnectData("keys", KEY, new Struct(KEY).put("id", id)));
        }
        for (String text : new String[] {"", "\u0000", "é🚀", "x".repeat(100_000)}) {
            keys.add(apicurioKeys.fromConnectData("texts", Schema.STRING_SCHEMA, text));
        }
        for (int round = 0; round < 2; round++) {
            for (byte[] key : keys) {
                assertThat(ferryKeys.toConnectData("keys", key)).isEqualTo(apicurioKeys.toConnectData("keys", key));
            }
        }
        assertThat(ferryKeys.readsDirectly(keys.get(0))).isTrue();
        // Apicurio's converter reads a bare string without a schema; Ferry's leaves such records to it.
        assertThat(ferryKeys.readsDirectly(keys.get(keys.size() - 1))).isFalse();
        assertThat(ferryKeys.toConnectData("keys", null)).isEqualTo(apicurioKeys.toConnectData("keys", null));

        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), false);
        byte[] before = apicurio.fromConnectData("shop.public.customers", customers(false),
                new Struct(customers(false)).put("id", 1).put("name", "a"));
        byte[] after = apicurio.fromConnectData("shop.public.customers", customers(true),
                new Struct(customers(true)).put("id", 2).put("country", "ü"));
        for (byte[] record : List.of(before, after, before, after)) {
            SchemaAndValue ours = ferry.toConnectData("shop.public.customers", record);
            assertThat(ours).isEqualTo(apicurio.toConnectData("shop.public.customers", record));
        }
        assertThat(ferry.toConnectData("shop.public.customers", after).schema().field("country")).isNotNull();
        assertThat(ferry.toConnectData("shop.public.customers", before).schema().field("country")).isNull();
    }

    @Test
    void aRecordThatDoesNotDecodeFailsAsInApicuriosConverterAndTheNextIsReadDirectly() {
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), ferrySettings(), false);
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), ferrySettings(), false);
        List<Struct> envelopes = oddEnvelopes();
        byte[] good = apicurio.fromConnectData("shop.public.orders", ENVELOPE, envelopes.get(0));
        ferry.toConnectData("shop.public.orders", good);
        assertThat(ferry.readsDirectly(good)).isTrue();

        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        byte[] badBranch = good.clone();
        badBranch[5] = 9; // the "before" union's branch index, zig-zag 9 = -5
        byte[] otherMagic = good.clone();
        otherMagic[0] = 1;
        for (byte[] bad : List.of(truncated, badBranch, otherMagic)) {
            Throwable theirs = catchThrowable(() -> apicurio.toConnectData("shop.public.orders", new RecordHeaders(), bad));
            assertThatThrownBy(() -> ferry.toConnectData("shop.public.orders", new RecordHeaders(), bad))
                    .isInstanceOf(theirs.getClass()).hasMessage(theirs.getMessage());
        }
        for (Struct envelope : envelopes) {
            byte[] record = apicurio.fromConnectData("shop.public.orders", ENVELOPE, envelope);
            assertThat(ferry.toConnectData("shop.public.orders", record))
                    .isEqualTo(apicurio.toConnectData("shop.public.orders", record));
        }
    }

    @Test
    void schemasOnlyAvroDataReadsAndOtherSettingsAreReadThroughApicuriosConverter() {
        Map<String, Object> enhanced = ferrySettings();
        enhanced.put("enhanced.avro.schema.support", "true");
        SchemaCachingAvroConverter ferry = open(new SchemaCachingAvroConverter(), enhanced, false);
        AvroConverter<Object> apicurio = open(new AvroConverter<>(), enhanced, false);
        Schema enumAndFixed = enumAndFixed();
        byte[] record = apicurio.fromConnectData("shop.public.odd", enumAndFixed,
                new Struct(enumAndFixed).put("mood", "sad").put("hash", new byte[] {1, 2, 3, 4}));
        for (int i = 0; i < 2; i++) {
            assertThat(ferry.toConnectData("shop.public.odd", record))
                    .isEqualTo(apicurio.toConnectData("shop.public.odd", record));
        }
        assertThat(ferry.readsDirectly(record)).isFalse();

        Map<String, Object> headed = ferrySettings();
        headed.put("apicurio.registry.headers.enabled", "true");
        SchemaCachingAvroConverter ferryHeaded = open(new SchemaCachingAvroConverter(), headed, false);
        AvroConverter<Object> apicurioHeaded = open(new AvroConverter<>(), headed, false);
        RecordHeaders headers = new RecordHeaders();
        byte[] headedRecord = apicurioHeaded.fromConnectData("headed.orders", headers, ENVELOPE, oddEnvelopes().get(0));
        for (int i = 0; i < 2; i++) {
            assertThat(ferryHeaded.toConnectData("headed.orders", headers, headedRecord))
                    .isEqualTo(apicurioHeaded.toConnectData("headed.orders", headers, headedRecord));
        }
        assertThat(ferryHeaded.readsDirectly(headedRecord)).isFalse();
    }

    @Test
    void theFirstBodyIsCheckedAgainstApicuriosRecord() {
        byte[] body = {2, 4, 6};
        assertThat(TopicPrefixes.prefixOf(new byte[] {0, 0, 0, 0, 7, 2, 4, 6}, body)).containsExactly(0, 0, 0, 0, 7);
        assertThat(TopicPrefixes.prefixOf(new byte[] {0, 0, 0, 0, 7, 2, 4, 5}, body)).isNull();
        assertThat(TopicPrefixes.prefixOf(new byte[] {1, 0, 0, 0, 7, 2, 4, 6}, body)).isNull();
        assertThat(TopicPrefixes.prefixOf(new byte[] {2, 4, 6}, body)).isNull();
    }

    /** A value as nested maps, lists and plain values, so a value read back compares with the one written. */
    private static Object comparable(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            struct.schema().fields().forEach(field -> fields.put(field.name(), comparable(struct.get(field))));
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), comparable(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SchemaCachingAvroConverterIT::comparable).toList();
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return Arrays.toString(bytes);
        }
        if (value instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        return value;
    }

    private static String catchMessage(Runnable failing) {
        try {
            failing.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }

    /** An Avro enum and fixed bytes, as AvroData maps them with enhanced.avro.schema.support. */
    private static Schema enumAndFixed() {
        return SchemaBuilder.struct().name("shop.public.odd.Value")
                .field("mood", SchemaBuilder.string().name("shop.Mood")
                        .parameter("io.confluent.connect.avro.Enum", "shop.Mood")
                        .parameter("io.confluent.connect.avro.Enum.happy", "happy")
                        .parameter("io.confluent.connect.avro.Enum.sad", "sad").build())
                .field("hash", SchemaBuilder.bytes().name("shop.Hash").parameter("connect.fixed.size", "4").build())
                .build();
    }

    private static Schema customers(boolean withCountry) {
        SchemaBuilder builder = SchemaBuilder.struct().name("shop.public.customers.Value")
                .field("id", Schema.INT32_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA);
        if (withCountry) {
            builder.field("country", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return builder.build();
    }

    private static List<Struct> oddEnvelopes() {
        List<Struct> envelopes = new ArrayList<>();
        Struct source = new Struct(SOURCE).put("lsn", 123_456_789L).put("table", "orders");
        Struct full = new Struct(ROW).put("id", Long.MAX_VALUE).put("note", "é🚀 \"quoted\" \\ \n\t")
                .put("amount", new BigDecimal("-99999999999999.999999"))
                .put("day", new java.util.Date(-86_400_000L * 719_162))
                .put("at", new java.util.Date(86_399_999L))
                .put("created", new java.util.Date(Long.MAX_VALUE))
                .put("tags", List.of("", "a", "ü"))
                .put("scores", Map.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY, "-inf", Double.NEGATIVE_INFINITY))
                .put("by_number", mapWithNullValue())
                .put("raw", new byte[] {0, 1, (byte) 0xff})
                .put("status", "")
                .put("flag", false)
                .put("small", Byte.MIN_VALUE)
                .put("short", Short.MAX_VALUE)
                .put("ratio", Float.NaN)
                .put("wide", -0.0d)
                .put("lines", linesWithANull())
                .put("attrs", attributes());
        Struct empty = new Struct(ROW).put("id", 0L).put("tags", List.of()).put("scores", Map.of())
                .put("raw", new byte[0]);
        Struct nulls = new Struct(ROW).put("id", Long.MIN_VALUE);
        Struct huge = new Struct(ROW).put("id", 7L).put("note", "x".repeat(1_000_000))
                .put("raw", "y".repeat(300_000).getBytes(StandardCharsets.UTF_8));
        envelopes.add(envelope(null, full, "c", source));
        envelopes.add(envelope(full, empty, "u", source));
        envelopes.add(envelope(empty, null, "d", source));
        envelopes.add(envelope(null, nulls, "r", source));
        envelopes.add(envelope(null, huge, "c", source).put("ts_ms", null));
        for (long i = 0; i < 50; i++) {
            envelopes.add(envelope(null, new Struct(ROW).put("id", i).put("note", "row " + i)
                    .put("amount", BigDecimal.valueOf(i, 6)).put("wide", i / 3.0), "c", source));
        }
        return envelopes;
    }

    private static List<Struct> linesWithANull() {
        Schema line = ROW.field("lines").schema().valueSchema();
        List<Struct> lines = new ArrayList<>();
        lines.add(new Struct(line).put("sku", "a\u0000b").put("qty", Integer.MIN_VALUE));
        lines.add(null);
        lines.add(new Struct(line).put("sku", ""));
        return lines;
    }

    /** Enough keys that their order in a HashMap differs from the order they were put in. */
    private static Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 40; i > 0; i--) {
            attributes.put("key " + i * 7919, i % 5 == 0 ? null : "v" + i);
        }
        return attributes;
    }

    private static Map<Integer, String> mapWithNullValue() {
        Map<Integer, String> map = new HashMap<>();
        map.put(1, null);
        map.put(-2, "two");
        return map;
    }

    private static Struct envelope(Struct before, Struct after, String op, Struct source) {
        return new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source).put("op", op)
                .put("ts_ms", 1_700_000_000_000L);
    }

    /** The converter settings of config-examples/*-avro.json. */
    private static Map<String, Object> ferrySettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("apicurio.registry.url", REGISTRY.registryUrl());
        settings.put("apicurio.registry.auto-register", "true");
        settings.put("apicurio.registry.as-confluent", "true");
        settings.put("apicurio.registry.use-id", "contentId");
        settings.put("apicurio.registry.headers.enabled", "false");
        return settings;
    }

    private <C extends AvroConverter<Object>> C open(C converter, Map<String, Object> settings, boolean isKey) {
        converter.configure(settings, isKey);
        opened.add(converter);
        return converter;
    }
}
