package dev.ferry.sink;

import static dev.ferry.sink.NewRowEvents.ID_AND_ODD_COLUMN;
import static dev.ferry.sink.NewRowEvents.ID_AND_TEXT;
import static dev.ferry.sink.NewRowEvents.micros;
import static dev.ferry.sink.NewRowEvents.oddColumnRows;
import static dev.ferry.sink.NewRowEvents.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sink.apply.BatchApplier;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.dialect.postgres.PostgresDialect;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.TableId;
import dev.ferry.testsupport.PostgresExtension;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * New rows loaded with COPY ({@code bulk.load.min.rows}) on a real PostgreSQL: hostile values
 * end up exactly as the bound statements store them, a key the target already has falls back to
 * upserts, and only rows the source says are new are copied.
 */
class PostgresBulkLoadIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Schema DECIMAL = Decimal.builder(3).optional().build();
    private static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("t", Schema.OPTIONAL_STRING_SCHEMA)
            .field("f8", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("f4", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f4_in_f8", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f8_in_numeric", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("i64_in_text", Schema.OPTIONAL_INT64_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("n", DECIMAL)
            .field("b", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("ts", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("tstz", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
            .field("d", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("tm", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
            .field("tmtz", SchemaBuilder.string().name("io.debezium.time.ZonedTime").optional().build())
            .field("arr", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("js", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("u", SchemaBuilder.string().name("io.debezium.data.Uuid").optional().build())
            .build();
    private static final String COLUMNS = "(id bigint PRIMARY KEY, t text, f8 double precision, f4 real, "
            + "f4_in_f8 double precision, f8_in_numeric numeric, i64_in_text text, i16 smallint, n numeric(40,3), "
            + "b bytea, ts timestamp, tstz timestamptz, d date, tm time, tmtz timetz, arr text[], js jsonb, "
            + "flag boolean, u uuid)";

    /** Values the COPY text format, the type casts or the drivers could each get wrong, per column. */
    private static final Map<String, List<Object>> HOSTILE = new LinkedHashMap<>();

    static {
        HOSTILE.put("t", Arrays.asList("plain", "", null, "back\\slash", "tab\tnew\nline\rcr", "\\N", "\\.", "'\"",
                "unicode \u00e9 \u4e2d \uD83D\uDE00", "lone \uD800 surrogate", "x".repeat(100_000)));
        HOSTILE.put("f8", Arrays.asList(0.1 + 0.2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                -0.0, Double.MAX_VALUE, Double.MIN_VALUE, 1e-300, null));
        HOSTILE.put("f4", Arrays.asList(1.1f, Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MAX_VALUE,
                Float.MIN_VALUE, null));
        HOSTILE.put("f4_in_f8", Arrays.asList(1.1f, 16777217f, Float.MIN_VALUE, Float.NaN, null));
        HOSTILE.put("f8_in_numeric", Arrays.asList(0.1 + 0.2, 1e20, 123456789.123456789, null));
        HOSTILE.put("i64_in_text", Arrays.asList(Long.MIN_VALUE, 0L, 42L, null));
        HOSTILE.put("i16", Arrays.asList(Short.MIN_VALUE, (short) 0, Short.MAX_VALUE, null));
        HOSTILE.put("n", Arrays.asList(new BigDecimal("1.500"), new BigDecimal("-0.001"),
                new BigDecimal("123456789012345678901234567890123.456"), new BigDecimal("0.000"), null));
        HOSTILE.put("b", Arrays.asList(new byte[0], new byte[] {0, 92, 10, 9, 13, (byte) 0xff},
                ByteBuffer.wrap(new byte[] {1, 2, 3, 4}, 1, 2), new byte[70_000], null));
        HOSTILE.put("ts", Arrays.asList(micros(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000)),
                micros(LocalDateTime.of(1, 1, 1, 0, 0)), micros(LocalDateTime.of(-44, 3, 15, 12, 0)),
                9223372036825200000L, -9223372036832400000L, micros(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1000)),
                null));
        HOSTILE.put("tstz", Arrays.asList("2020-01-01T00:00:00.123456Z", "1999-12-31T23:59:59+05:30", "infinity",
                "-infinity", "0001-01-01T00:00:00Z", null));
        HOSTILE.put("d", Arrays.asList((int) LocalDate.of(2000, 1, 1).toEpochDay(), (int) LocalDate.of(1, 1, 1).toEpochDay(),
                (int) LocalDate.of(-500, 6, 1).toEpochDay(), -2147472692, -2147472691, null));
        HOSTILE.put("tm", Arrays.asList(0L, 86_399_999_999L, 43_200_000_001L, null));
        HOSTILE.put("tmtz", Arrays.asList("10:15:30.5+02:00", "00:00:00Z", "23:59:59.999999-12:00", null));
        HOSTILE.put("arr", Arrays.asList(List.of(), Arrays.asList("a", null, "b\"c", "d\\e", "{}", "NULL", "tab\there"),
                null));
        HOSTILE.put("js", Arrays.asList("{\"a\": \"\\n\\t\\\\\", \"b\": [1, 2.5, null]}", "[]", "\"\u00e9\"", null));
        HOSTILE.put("flag", Arrays.asList(true, false, null));
        HOSTILE.put("u", Arrays.asList("123e4567-e89b-12d3-a456-426614174000", null));
    }

    private final NewRowEvents events = new NewRowEvents(new PostgresDialect(), PG.jdbcUrl(), PostgresExtension.USER,
            PostgresExtension.PASSWORD);

    @Test
    void copiedRowsAreStoredExactlyAsBoundRowsAreWithHostileValues() throws Exception {
        PG.execute("CREATE TABLE public.copied " + COLUMNS, "CREATE TABLE public.bound " + COLUMNS);
        int rows = 40;
        List<Map<String, Object>> hostileRows = NewRowEvents.cycling(HOSTILE, rows);

        BatchApplier copying = events.applier(1);
        BatchApplier binding = events.applier(0);
        events.apply(copying, events.buffer(table("copied"), hostileRows, ROW, "c"));
        events.apply(binding, events.buffer(table("bound"), hostileRows, ROW, "c"));

        // Every row holds a typed value the COPY leaves to the statements (a double for a numeric
        // column, an integer for a text column) unless that value is null.
        long typedMismatches = hostileRows.stream()
                .filter(r -> r.get("f8_in_numeric") != null || r.get("i64_in_text") != null).count();
        assertThat(copying.rowsBulkLoaded()).as("rows copied").isEqualTo(rows - typedMismatches).isPositive();
        assertThat(binding.rowsBulkLoaded()).isZero();
        // Each row whole as PostgreSQL prints it, as a checksum and (for a readable failure) its first characters.
        String compare = "SELECT id, md5(t.*::text), left(t.*::text, 300) FROM public.%s t ORDER BY id";
        List<List<String>> bound = PG.query(compare.formatted("bound"));
        assertThat(bound).hasSize(rows);
        assertThat(PG.query(compare.formatted("copied"))).containsExactlyElementsOf(bound);
    }

    @Test
    void aKeyTheTargetHasFailsTheCopyAndItsRowsAreUpsertedThenTheTableWritesByStatementForAWhile() throws Exception {
        PG.execute("CREATE TABLE public.held (id bigint PRIMARY KEY, t text)",
                "INSERT INTO public.held VALUES (7, 'before'), (1000, 'untouched')");
        BatchApplier applier = events.applier(10);
        events.apply(applier, events.buffer(table("held"), rows(0, 20, "redelivered"), ID_AND_TEXT, "c"));
        assertThat(applier.rowsBulkLoaded()).as("the load failed on key 7").isZero();
        assertThat(PG.query("SELECT count(*), count(*) FILTER (WHERE t = 'redelivered'), "
                + "min(t) FILTER (WHERE id = 7) FROM public.held")).containsExactly(List.of("21", "20", "redelivered"));

        events.apply(applier, events.buffer(table("held"), rows(20, 40, "new"), ID_AND_TEXT, "c"));
        assertThat(applier.rowsBulkLoaded()).as("the table is paused after a failed load").isZero();
        assertThat(PG.queryValue("SELECT count(*) FROM public.held WHERE t = 'new'")).isEqualTo("20");

        BatchApplier fresh = events.applier(10);
        events.apply(fresh, events.buffer(table("held"), rows(40, 60, "copied"), ID_AND_TEXT, "r"));
        assertThat(fresh.rowsBulkLoaded()).as("snapshot rows are new rows too").isEqualTo(20);
        assertThat(PG.queryValue("SELECT count(*) FROM public.held")).isEqualTo("61");
    }

    @Test
    void onlyRowsTheSourceInsertedAreCopiedAndUpdatesInTheSameFlushAreUpserted() throws Exception {
        PG.execute("CREATE TABLE public.mixed (id bigint PRIMARY KEY, t text)",
                "INSERT INTO public.mixed SELECT g, 'old' FROM generate_series(0, 9) g");
        BatchApplier applier = events.applier(5);
        TableBuffer buffer = events.buffer(table("mixed"), rows(0, 10, "updated"), ID_AND_TEXT, "u");
        for (ChangeEvent insert : events.events(table("mixed"), rows(10, 30, "inserted"), ID_AND_TEXT, "c")) {
            buffer.add(insert);
        }
        // Inserted, then updated in the same flush: the last change is an update, so no COPY for it.
        for (ChangeEvent update : events.events(table("mixed"), rows(29, 30, "inserted then updated"), ID_AND_TEXT, "u")) {
            buffer.add(update);
        }
        events.apply(applier, buffer);
        assertThat(applier.rowsBulkLoaded()).isEqualTo(19);
        assertThat(PG.query("SELECT t, count(*) FROM public.mixed GROUP BY t ORDER BY t")).containsExactly(
                List.of("inserted", "19"), List.of("inserted then updated", "1"), List.of("updated", "10"));
    }

    @Test
    void tablesAndColumnsWithOddNamesAreCopiedIntoTheRightPlaces() throws Exception {
        PG.execute("CREATE SCHEMA \"odd.schema\"",
                "CREATE TABLE \"odd.schema\".\"it's \"\"quoted\"\"\" (id bigint PRIMARY KEY, \"välue, with space\" text)");
        TableId odd = new TableId("odd.schema", "it's \"quoted\"");
        TableBuffer buffer = events.buffer(odd, oddColumnRows(20), ID_AND_ODD_COLUMN, "c");
        BatchApplier applier = events.applier(10);
        events.apply(applier, buffer);
        assertThat(applier.rowsBulkLoaded()).isEqualTo(20);
        assertThat(PG.query("SELECT count(*), min(\"välue, with space\") FROM \"odd.schema\".\"it's \"\"quoted\"\"\""))
                .containsExactly(List.of("20", "row 0"));
    }

    private static TableId table(String name) {
        return new TableId("public", name);
    }
}
