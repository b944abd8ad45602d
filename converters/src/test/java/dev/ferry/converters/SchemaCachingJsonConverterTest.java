package dev.ferry.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaCachingJsonConverterTest {

    private static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
            .field("day", Date.builder().optional().build())
            .field("at", Time.builder().optional().build())
            .field("created", Timestamp.builder().optional().build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("scores", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.FLOAT64_SCHEMA).optional().build())
            .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("status", SchemaBuilder.string().defaultValue("new").optional().build())
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("small", Schema.OPTIONAL_INT8_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .optional().build();

    private static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.public.orders.Envelope").version(2)
            .field("before", ROW).field("after", ROW)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(Map.of()),
                Arguments.of(Map.of("decimal.format", "NUMERIC")),
                Arguments.of(Map.of("replace.null.with.default", "false")),
                Arguments.of(Map.of("schemas.enable", "false")));
    }

    private static Struct row(long id, String note) {
        return new Struct(ROW).put("id", id).put("note", note).put("amount", new BigDecimal("1234.50"))
                .put("day", new java.util.Date(86_400_000L * 19_000)).put("at", new java.util.Date(3_600_000L))
                .put("created", new java.util.Date(1_700_000_000_123L)).put("tags", List.of("a", "\"quoted\"", "ü"))
                .put("scores", Map.of(1, 0.5, 2, Double.MAX_VALUE)).put("raw", new byte[] {0, 1, (byte) 0xff})
                .put("flag", true).put("small", (byte) -3).put("ratio", 0.25f);
    }

    private static Struct envelope(long id, String note, String op) {
        return new Struct(ENVELOPE).put("before", null).put("after", row(id, note)).put("op", op).put("ts_ms", 42L);
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void writesExactlyWhatKafkasConverterWritesForEveryRecordOfASchema(Map<String, String> config) {
        for (boolean isKey : new boolean[] {false, true}) {
            JsonConverter kafka = new JsonConverter();
            kafka.configure(config, isKey);
            SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
            ours.configure(config, isKey);
            List<Struct> records = List.of(envelope(1, "first", "c"), envelope(2, null, "r"),
                    envelope(3, "a \"quote\" and \\ and \n", "u"), envelope(Long.MAX_VALUE, "😀 ünïcode", "d"));
            for (Struct record : records) {
                assertThat(ours.fromConnectData("t", ENVELOPE, record))
                        .as("%s %s", config, record.get("op"))
                        .isEqualTo(kafka.fromConnectData("t", ENVELOPE, record));
            }
        }
    }

    private static final Schema ODD = SchemaBuilder.struct().name("odd.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("s", Schema.OPTIONAL_STRING_SCHEMA)
            .field("f", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("d", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("dec", Decimal.builder(3).optional().build())
            .field("by", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("day", Date.builder().optional().build())
            .field("ts", Timestamp.builder().optional().build())
            .field("req", SchemaBuilder.int32().defaultValue(7).build())
            .field("opt", SchemaBuilder.string().optional().defaultValue("dflt").build())
            .field("pairs", SchemaBuilder.map(Schema.OPTIONAL_INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("named", SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA).optional().build())
            .field("rows", SchemaBuilder.array(SchemaBuilder.struct().name("odd.Item")
                    .field("k", Schema.STRING_SCHEMA).field("v", Schema.OPTIONAL_FLOAT64_SCHEMA).build()).optional().build())
            .field("strict", SchemaBuilder.array(Schema.INT32_SCHEMA).optional().build())
            .build();

    private static final Schema ITEM = ODD.field("rows").schema().valueSchema();

    /** Each odd value, put alone into an otherwise plain record. */
    private static List<Struct> oddRecords() {
        java.util.function.BiFunction<String, Object, Struct> with = SchemaCachingJsonConverterTest::holding;
        Map<String, Integer> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1);
        nullKey.put("null", 2);
        Map<Long, String> pairs = new java.util.LinkedHashMap<>();
        pairs.put(3L, null);
        pairs.put(null, "no key");
        pairs.put(Long.MIN_VALUE, "");
        Map<CharSequence, Integer> builders = new java.util.LinkedHashMap<>();
        builders.put(new StringBuilder("a"), 1);
        builders.put(new StringBuilder("a"), 2);
        java.nio.ByteBuffer offset = java.nio.ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        offset.position(2);
        return List.of(
                with.apply("s", ""), with.apply("s", "tab\tnul\u0000 bell\u0007 del\u007f \u2028 \"'<>&"),
                with.apply("s", "😀 \ud800 lone \udc00 surrogates"), with.apply("s", "x".repeat(100_000)),
                with.apply("s", new StringBuilder("a builder")),
                with.apply("f", Float.NaN), with.apply("f", Float.NEGATIVE_INFINITY), with.apply("f", -0.0f),
                with.apply("f", Float.MIN_VALUE), with.apply("f", 1.0E10f),
                with.apply("d", Double.NaN), with.apply("d", Double.POSITIVE_INFINITY), with.apply("d", -0.0),
                with.apply("d", Double.MIN_VALUE), with.apply("d", 1e21), with.apply("d", 0.1 + 0.2),
                with.apply("i16", Short.MIN_VALUE),
                with.apply("dec", new BigDecimal("1E+10").setScale(3)), with.apply("dec", new BigDecimal("-0.001")),
                with.apply("dec", new BigDecimal("123456789012345678901234567890.123")),
                with.apply("dec", new BigDecimal("0.000")), with.apply("dec", new BigDecimal("1.5")),
                with.apply("by", new byte[0]), with.apply("by", new byte[] {(byte) 0xfb, (byte) 0xff, 0x3e}),
                with.apply("by", offset), with.apply("by", new byte[70_000]),
                with.apply("day", new java.util.Date(-86_400_000L * 800_000)),
                with.apply("ts", new java.util.Date(Long.MIN_VALUE)), with.apply("ts", new java.util.Date(-1)),
                new Struct(ODD).put("id", 1L).put("req", 0).put("opt", null),
                with.apply("named", Map.of("", 0, "ü\"", -1)), with.apply("named", nullKey), with.apply("named", builders),
                with.apply("pairs", pairs),
                with.apply("rows", List.of(new Struct(ITEM).put("k", "a").put("v", Double.NaN), new Struct(ITEM).put("k", "b"))),
                with.apply("rows", java.util.Arrays.asList(new Struct(ITEM).put("k", "a"), null)),
                with.apply("strict", java.util.Arrays.asList(1, null)),
                with.apply("strict", List.of()), with.apply("strict", new java.util.TreeSet<>(List.of(3, 1, 2))));
    }

    /**
     * Records after the first of a schema are streamed; odd values must be written byte for byte as
     * Kafka's converter writes them, and values it refuses (wrong Java types, nulls where the schema
     * says required, a struct of another schema, a date with a time of day) must fail as it fails.
     */
    @ParameterizedTest
    @MethodSource("configurations")
    void writesOddValuesOfAKnownSchemaAsKafkasConverterDoes(Map<String, String> config) {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(config, false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(config, false);
        Struct plain = new Struct(ODD).put("id", 0L).put("s", "plain").put("req", 3);
        assertThat(ours.fromConnectData("t", ODD, plain)).isEqualTo(kafka.fromConnectData("t", ODD, plain));
        List<Struct> records = new java.util.ArrayList<>(oddRecords());
        records.add(holding("id", 1));
        records.add(holding("s", 5));
        records.add(holding("dec", 1.5));
        records.add(holding("by", "text"));
        records.add(holding("day", new java.util.Date(1)));
        records.add(holding("ts", 5L));
        records.add(holding("rows", List.of(new Struct(ROW).put("id", 1L))));
        records.add(holding("strict", List.of("1")));
        records.add(holding("named", Map.of(1, 1)));
        byte[] plainRecord = kafka.fromConnectData("t", ODD, plain);
        for (Struct record : records) {
            byte[] expected;
            try {
                expected = kafka.fromConnectData("t", ODD, record);
            } catch (DataException e) {
                assertThatThrownBy(() -> ours.fromConnectData("t", ODD, record)).as("%s %s", config, record)
                        .isInstanceOf(DataException.class).hasMessage(e.getMessage());
                expected = null;
            }
            if (expected != null) {
                assertThat(ours.fromConnectData("t", ODD, record)).as("%s %s", config, record).isEqualTo(expected);
            }
            // The converter keeps its JSON generator from record to record: a write it gave up
            // half-way must not leave anything in the next record.
            assertThat(ours.fromConnectData("t", ODD, plain)).as("%s after %s", config, record).isEqualTo(plainRecord);
        }
    }

    /**
     * The test above passes as well when every record falls back to Kafka's converter; this one
     * holds the streamed path itself to Kafka's payload bytes, so a writer that gave up on odd
     * values would fail here. Only keys Kafka's tree would rename or merge are left to Kafka.
     */
    @ParameterizedTest
    @MethodSource("configurations")
    void streamsOddValuesItselfAndLeavesOnlyAmbiguousMapKeysToKafka(Map<String, String> config) throws Exception {
        Map<String, String> payloadOnly = new java.util.HashMap<>(config);
        payloadOnly.put("schemas.enable", "false");
        JsonConverter kafka = new JsonConverter();
        kafka.configure(payloadOnly, false);
        org.apache.kafka.connect.json.JsonConverterConfig settings = new org.apache.kafka.connect.json.JsonConverterConfig(
                Map.of("converter.type", "value", "decimal.format", config.getOrDefault("decimal.format", "BASE64"),
                        "replace.null.with.default", config.getOrDefault("replace.null.with.default", "true")));
        StreamingConnectToJson writer = new StreamingConnectToJson(settings.replaceNullWithDefault(), settings.decimalFormat());
        int accepted = 0;
        int streamed = 0;
        for (Struct record : oddRecords()) {
            byte[] expected;
            try {
                expected = kafka.fromConnectData("t", ODD, record);
            } catch (DataException e) {
                continue; // a refusal: the converter's fallback gives Kafka's error (test above)
            }
            accepted++;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Object named = record.getWithoutDefault("named");
            boolean ambiguousKeys = named instanceof Map<?, ?> map && map.keySet().stream().anyMatch(k -> !(k instanceof String));
            try (com.fasterxml.jackson.core.JsonGenerator json = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out)) {
                writer.write(ODD, record, json);
                assertThat(ambiguousKeys).as("%s %s streamed", config, record).isFalse();
            } catch (StreamingConnectToJson.NotWritable e) {
                assertThat(ambiguousKeys).as("%s %s left to Kafka", config, record).isTrue();
                continue;
            }
            assertThat(out.toByteArray()).as("%s %s", config, record).isEqualTo(expected);
            streamed++;
        }
        assertThat(streamed).as("streamed of %d Kafka writes", accepted).isEqualTo(accepted - 2).isGreaterThan(30);
    }

    /** A Struct whose field holds {@code value} as set, unchecked: Struct.put refuses many odd values. */
    private static Struct holding(String field, Object value) {
        Struct struct = new Struct(ODD).put("id", 1L).put("req", 1);
        try {
            java.lang.reflect.Field values = Struct.class.getDeclaredField("values");
            values.setAccessible(true);
            ((Object[]) values.get(struct))[ODD.field(field).index()] = value;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return struct;
    }

    @Test
    void readsTextValuesLongerThanJacksonsDefaultLimitOfTwentyMillionCharactersWhateverTheSchema() {
        SchemaCachingJsonConverter writer = new SchemaCachingJsonConverter();
        writer.configure(Map.of(), false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(Map.of(), false);
        String huge = "x".repeat(25_000_000);
        byte[] first = writer.fromConnectData("t", ENVELOPE, new Struct(ENVELOPE).put("after", row(1, huge)).put("op", "r"));
        byte[] again = writer.fromConnectData("t", ENVELOPE, new Struct(ENVELOPE).put("after", row(2, huge)).put("op", "c"));
        // Another schema in between (a snapshot's rows name their epoch in theirs), then the first one again.
        Schema other = SchemaBuilder.struct().name("t.Envelope").parameter("p", "1").field("after", ROW)
                .field("op", Schema.STRING_SCHEMA).build();
        byte[] between = writer.fromConnectData("t", other, new Struct(other).put("after", row(3, huge)).put("op", "r"));

        SchemaAndValue read = ours.toConnectData("t", first);
        assertThat(read.schema()).as("the first record of its schema").isEqualTo(ENVELOPE);
        assertThat(((Struct) read.value()).getStruct("after").getString("note")).hasSize(huge.length());
        assertThat(((Struct) ours.toConnectData("t", between).value()).getStruct("after").getString("note"))
                .hasSize(huge.length());
        assertThat(((Struct) ours.toConnectData("t", again).value()).getStruct("after").getInt64("id")).isEqualTo(2L);
    }

    /** Field names are encoded once per schema object (FieldNames); odd ones must come out as Kafka writes them. */
    @Test
    void oddFieldNamesAreWrittenAsKafkasConverterWritesThem() {
        Schema row = SchemaBuilder.struct().name("odd.names.Value")
                .field("\"quoted\"", Schema.OPTIONAL_INT32_SCHEMA).field("back\\slash", Schema.OPTIONAL_INT32_SCHEMA)
                .field("tab\tand\u0001control", Schema.OPTIONAL_INT32_SCHEMA).field("ünïcödé 表", Schema.OPTIONAL_INT32_SCHEMA)
                .field("emoji \uD83D\uDE80", Schema.OPTIONAL_INT32_SCHEMA).field(" ", Schema.OPTIONAL_INT32_SCHEMA)
                .field("with.dot and space", Schema.OPTIONAL_STRING_SCHEMA).build();
        JsonConverter kafka = new JsonConverter();
        kafka.configure(Map.of(), false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(Map.of(), false);
        for (int i = 0; i < 3; i++) {
            Struct value = new Struct(row);
            for (org.apache.kafka.connect.data.Field field : row.fields()) {
                value.put(field, field.schema().type() == Schema.Type.STRING ? "v" + i : i);
            }
            assertThat(ours.fromConnectData("t", row, value)).as("record %d", i)
                    .isEqualTo(kafka.fromConnectData("t", row, value));
        }
    }

    /** More schema objects than FieldNames keeps: each record still comes out right, and what is kept stays bounded. */
    @Test
    void manyEqualSchemaObjectsAreWrittenRightAndKeptWithinTheLimit() {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(Map.of(), false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(Map.of(), false);
        FieldNames names = new FieldNames();
        for (int i = 0; i < FieldNames.LIMIT + 50; i++) {
            Schema row = SchemaBuilder.struct().name("many.Value").field("id", Schema.INT64_SCHEMA)
                    .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
            Struct value = new Struct(row).put("id", (long) i).put("note", "n" + i);
            assertThat(ours.fromConnectData("t", row, value)).as("record %d", i)
                    .isEqualTo(kafka.fromConnectData("t", row, value));
            assertThat(names.of(row)).extracting(com.fasterxml.jackson.core.io.SerializedString::getValue)
                    .containsExactly("id", "note");
            assertThat(names.size()).isBetween(1, FieldNames.LIMIT);
        }
    }

    @Test
    void anEqualSchemaBuiltAgainWritesTheSameRecordAsTheFirst() {
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(Map.of(), false);
        Schema copy = SchemaBuilder.struct().name("shop.public.orders.Envelope").version(2)
                .field("before", ROW).field("after", ROW)
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct value = envelope(7, "x", "c");
        byte[] first = ours.fromConnectData("t", ENVELOPE, value);
        Struct again = new Struct(copy).put("after", new Struct(ROW).put("id", 7L).put("note", "y")).put("op", "c");
        JsonConverter kafka = new JsonConverter();
        kafka.configure(Map.of(), false);

        assertThat(ours.fromConnectData("t", copy, again)).isEqualTo(kafka.fromConnectData("t", copy, again));
        assertThat(ours.fromConnectData("t", ENVELOPE, value)).isEqualTo(first);
    }

    @Test
    void tombstonesPrimitivesAndSchemalessValuesGoThroughKafkasConverter() {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(Map.of(), false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(Map.of(), false);

        assertThat(ours.fromConnectData("t", ROW, null)).isEqualTo(kafka.fromConnectData("t", ROW, null));
        assertThatThrownBy(() -> ours.fromConnectData("t", ENVELOPE, null)).isInstanceOf(DataException.class);
        assertThat(ours.fromConnectData("t", null, null)).isNull();
        assertThat(ours.fromConnectData("t", null, Map.of("a", 1))).isEqualTo(kafka.fromConnectData("t", null, Map.of("a", 1)));
        for (int i = 0; i < 2; i++) {
            assertThat(ours.fromConnectData("t", Schema.STRING_SCHEMA, "v" + i))
                    .isEqualTo(kafka.fromConnectData("t", Schema.STRING_SCHEMA, "v" + i));
        }
    }

    @Test
    void kafkasConverterReadsItsRecordsBackToTheSameValues() {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(Map.of("decimal.format", "NUMERIC"), false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(Map.of("decimal.format", "NUMERIC"), false);
        for (long id = 1; id <= 3; id++) {
            Struct value = envelope(id, "n" + id, "c");
            SchemaAndValue read = kafka.toConnectData("t", ours.fromConnectData("t", ENVELOPE, value));
            assertThat(((Struct) read.value()).getStruct("after").getInt64("id")).isEqualTo(id);
            assertThat(((Struct) read.value()).getStruct("after").getString("note")).isEqualTo("n" + id);
            assertThat(ours.toConnectData("t", ours.fromConnectData("t", ENVELOPE, value))).isEqualTo(read);
        }
    }

    @Test
    void aRecordWithoutTheEnvelopeLayoutIsNotCut() {
        byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(SchemaCachingJsonConverter.envelopePrefix("{\"a\":1}".getBytes(StandardCharsets.UTF_8), payload)).isNull();
        assertThat(SchemaCachingJsonConverter.envelopePrefix("{\"schema\":{},\"payload\":{\"a\":2}}".getBytes(StandardCharsets.UTF_8),
                payload)).isNull();
        assertThat(new String(SchemaCachingJsonConverter.envelopePrefix("{\"schema\":{},\"payload\":{\"a\":1}}"
                .getBytes(StandardCharsets.UTF_8), payload), StandardCharsets.UTF_8)).isEqualTo("{\"schema\":{},\"payload\":");
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void readsWhatKafkasConverterReadsForEveryRecordOfASchema(Map<String, String> config) {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(config, false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(config, false);
        Struct withNulls = new Struct(ENVELOPE).put("before", new Struct(ROW).put("id", 9L)).put("after", null).put("op", "d");
        for (Struct value : List.of(envelope(1, "first", "c"), envelope(2, null, "r"), withNulls, envelope(3, "again", "u"))) {
            byte[] record = kafka.fromConnectData("t", ENVELOPE, value);
            assertThat(ours.toConnectData("t", record)).as("%s %s", config, value.get("op"))
                    .isEqualTo(kafka.toConnectData("t", record));
        }
    }

    @Test
    void readsRecordsOfOtherLayoutsAsKafkasConverterDoes() {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(Map.of(), false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(Map.of(), false);
        List<String> records = List.of(
                "{\"schema\":null,\"payload\":{\"a\":[1,2.5,\"x\"]}}",
                "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"text\"}",
                "{ \"schema\" : {\"type\":\"int64\",\"optional\":true} , \"payload\" : 12 }",
                "{\"schema\":{\"type\":\"int64\",\"optional\":true},\"payload\":null}",
                "{\"schema\":{\"type\":\"int64\",\"optional\":true},\"payload\":13}",
                "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},"
                        + "\"values\":{\"type\":\"string\",\"optional\":true},\"optional\":false},\"payload\":[[1,\"a\"],[2,null]]}",
                "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},"
                        + "\"values\":{\"type\":\"string\",\"optional\":true},\"optional\":false},\"payload\":[[3,\"c\"]]}");
        for (String record : records) {
            byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
            assertThat(ours.toConnectData("t", bytes)).as(record).isEqualTo(kafka.toConnectData("t", bytes));
        }
        assertThat(ours.toConnectData("t", null)).isEqualTo(kafka.toConnectData("t", null));
        byte[] broken = "{\"schema\":{\"type\":\"int64\"".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ours.toConnectData("t", broken)).isInstanceOf(DataException.class);
        byte[] wrongType = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"a\",\"type\":\"int32\",\"optional\":false}],"
                .concat("\"optional\":false},\"payload\":{\"a\":null}}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> kafka.toConnectData("t", wrongType)).isInstanceOf(DataException.class);
        ours.toConnectData("t", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"a\",\"type\":\"int32\",\"optional\":false}],\"optional\":false},\"payload\":{\"a\":1}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ours.toConnectData("t", wrongType)).isInstanceOf(DataException.class);
    }

    @Test
    void recordsOfTwoSchemasInTurnAndRecordsWithExtraFieldsReadAsKafkasConverterReadsThem() {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(Map.of(), false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(Map.of(), false);
        byte[] rowRecord = kafka.fromConnectData("t", ROW, row(5, "row"));
        for (int i = 0; i < 3; i++) {
            byte[] envelopeRecord = kafka.fromConnectData("t", ENVELOPE, envelope(i, "e" + i, "c"));
            assertThat(ours.toConnectData("t", envelopeRecord)).isEqualTo(kafka.toConnectData("t", envelopeRecord));
            assertThat(ours.toConnectData("t", rowRecord)).isEqualTo(kafka.toConnectData("t", rowRecord));
        }
        String text = new String(rowRecord, StandardCharsets.UTF_8);
        byte[] extraField = (text.substring(0, text.length() - 1) + ",\"extra\":1}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> kafka.toConnectData("t", extraField)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> ours.toConnectData("t", extraField)).isInstanceOf(DataException.class);
        byte[] twoValues = (text.substring(0, text.length() - 1) + " 2}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> kafka.toConnectData("t", twoValues)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> ours.toConnectData("t", twoValues)).isInstanceOf(DataException.class);
    }

    /**
     * Records after the first of a schema are read token by token; odd values (a number where the
     * schema says string, integers beyond the field's width, duplicated and unknown fields, nulls
     * for required fields, maps as pairs, bad base64) must still read as Kafka's converter reads
     * them, or fail as it fails.
     */
    @ParameterizedTest
    @MethodSource("configurations")
    void readsOddPayloadsOfAKnownSchemaAsKafkasConverterDoes(Map<String, String> config) {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(config, false);
        SchemaCachingJsonConverter ours = new SchemaCachingJsonConverter();
        ours.configure(config, false);
        String schema = "{\"type\":\"struct\",\"fields\":["
                + "{\"field\":\"s\",\"type\":\"string\",\"optional\":true},"
                + "{\"field\":\"i\",\"type\":\"int32\",\"optional\":true},"
                + "{\"field\":\"small\",\"type\":\"int16\",\"optional\":true},"
                + "{\"field\":\"l\",\"type\":\"int64\",\"optional\":true},"
                + "{\"field\":\"b\",\"type\":\"boolean\",\"optional\":true},"
                + "{\"field\":\"f\",\"type\":\"float\",\"optional\":true},"
                + "{\"field\":\"d\",\"type\":\"double\",\"optional\":true},"
                + "{\"field\":\"by\",\"type\":\"bytes\",\"optional\":true},"
                + "{\"field\":\"dec\",\"type\":\"bytes\",\"optional\":true,"
                + "\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{\"scale\":\"2\"}},"
                + "{\"field\":\"day\",\"type\":\"int32\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Date\"},"
                + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":true,"
                + "\"name\":\"org.apache.kafka.connect.data.Timestamp\"},"
                + "{\"field\":\"arr\",\"type\":\"array\",\"items\":{\"type\":\"int32\",\"optional\":false},\"optional\":true},"
                + "{\"field\":\"m\",\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},"
                + "\"values\":{\"type\":\"int64\",\"optional\":true},\"optional\":true},"
                + "{\"field\":\"req\",\"type\":\"int32\",\"optional\":false,\"default\":7},"
                + "{\"field\":\"nested\",\"type\":\"struct\",\"fields\":["
                + "{\"field\":\"x\",\"type\":\"string\",\"optional\":true}],\"optional\":true}"
                + "],\"optional\":false}";
        List<String> payloads = List.of(
                "{\"s\":\"a\",\"i\":1,\"small\":-2,\"l\":2,\"b\":true,\"f\":1.5,\"d\":2.25,\"by\":\"AAE=\","
                        + "\"dec\":\"AMg=\",\"day\":19000,\"ts\":1700000000000,\"arr\":[1,2],\"m\":{\"k\":5},"
                        + "\"req\":3,\"nested\":{\"x\":\"y\"}}",
                "{\"req\":1,\"dec\":12.345}", "{\"req\":1,\"dec\":12}", "{\"req\":1,\"dec\":\"12.5\"}",
                "{\"req\":1,\"s\":5}", "{\"req\":1,\"i\":\"x\"}", "{\"req\":1,\"i\":3000000000}",
                "{\"req\":1,\"i\":1.9}", "{\"req\":1,\"small\":70000}", "{\"req\":1,\"l\":123456789012345678901234}",
                "{\"req\":1,\"l\":1.5}", "{\"req\":1,\"b\":1}", "{\"req\":1,\"b\":\"true\"}",
                "{\"req\":1,\"f\":7}", "{\"req\":1,\"f\":\"NaN\"}", "{\"req\":1,\"d\":5}",
                "{\"req\":1,\"d\":0.1000000000000000055511151231257827}", "{\"req\":1,\"d\":3000000000}",
                "{\"req\":1,\"by\":\"@@@\"}", "{\"req\":1,\"by\":5}", "{\"req\":1,\"day\":3000000000}",
                "{\"req\":1,\"ts\":\"x\"}", "{\"req\":1,\"arr\":[1,null]}", "{\"req\":1,\"arr\":5}",
                "{\"req\":1,\"arr\":[]}", "{\"req\":1,\"m\":{\"a\":1,\"a\":2}}", "{\"req\":1,\"m\":[[\"a\",1]]}",
                "{\"req\":1,\"nested\":{\"x\":\"y\",\"z\":[1,{\"q\":2}]}}", "{\"req\":1,\"nested\":5}",
                "{\"req\":null}", "{}", "{\"req\":1,\"s\":\"a\",\"s\":\"b\"}",
                "{\"unknown\":{\"deep\":[1,2]},\"req\":4}", "{\"req\":1,\"s\":null,\"i\":null}",
                "{\"req\":2147483647,\"i\":-2147483648,\"l\":-9223372036854775808}", "[1,2]", "5", "null");
        for (String payload : payloads) {
            byte[] record = ("{\"schema\":" + schema + ",\"payload\":" + payload + "}").getBytes(StandardCharsets.UTF_8);
            Object expected;
            try {
                expected = kafka.toConnectData("t", record);
            } catch (DataException e) {
                assertThatThrownBy(() -> ours.toConnectData("t", record)).as("%s %s", config, payload)
                        .isInstanceOf(DataException.class);
                continue;
            }
            assertThat(ours.toConnectData("t", record)).as("%s %s", config, payload).isEqualTo(expected);
        }
    }
}
