package dev.ferry.sink;

import static dev.ferry.sink.NewRowEvents.ID_AND_ODD_COLUMN;
import static dev.ferry.sink.NewRowEvents.ID_AND_TEXT;
import static dev.ferry.sink.NewRowEvents.micros;
import static dev.ferry.sink.NewRowEvents.oddColumnRows;
import static dev.ferry.sink.NewRowEvents.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.sink.apply.BatchApplier;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.dialect.mysql.MySqlDialect;
import dev.ferry.sink.event.TableId;
import dev.ferry.testsupport.MariaDbExtension;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * New rows loaded with {@code LOAD DATA LOCAL INFILE} ({@code bulk.load.min.rows}) on a real
 * MariaDB: hostile values end up exactly as the bound statements store them, a key the target
 * already has or a value strict mode refuses makes the load fail and the statements take over.
 */
class MariaDbBulkLoadIT {

    @RegisterExtension
    static final MariaDbExtension MARIADB = new MariaDbExtension();

    private static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("t", Schema.OPTIONAL_STRING_SCHEMA)
            .field("f8", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("f4", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f4_in_f8", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f8_in_decimal", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("i64_in_text", Schema.OPTIONAL_INT64_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("n", Decimal.builder(3).optional().build())
            .field("b", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("ts", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("tstz", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
            .field("d", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("tm", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
            .field("tmtz", SchemaBuilder.string().name("io.debezium.time.ZonedTime").optional().build())
            .field("arr", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("js", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("flag_bit", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .build();
    private static final List<String> COLUMNS = ROW.fields().stream().map(f -> f.name()).toList();
    private static final String DDL = "(id BIGINT PRIMARY KEY, t LONGTEXT, f8 DOUBLE, f4 FLOAT, f4_in_f8 DOUBLE, "
            + "f8_in_decimal DECIMAL(30,20), i64_in_text VARCHAR(40), i16 SMALLINT, n DECIMAL(40,3), b LONGBLOB, "
            + "ts DATETIME(6), tstz DATETIME(6), d DATE, tm TIME(6), tmtz TIME(6), arr LONGTEXT, js LONGTEXT, "
            + "flag TINYINT(1), flag_bit BIT(1)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    /** Values the file format, the server's conversions or the driver could each get wrong, per column. */
    private static final Map<String, List<Object>> HOSTILE = new LinkedHashMap<>();

    static {
        HOSTILE.put("t", Arrays.asList("plain", "", null, "back\\slash", "tab\tnew\nline\rcr", "\\N", "nul\0char",
                "'\"`", "unicode \u00e9 \u4e2d \uD83D\uDE00", "lone \uD800 surrogate", "x".repeat(100_000)));
        HOSTILE.put("f8", Arrays.asList(0.1 + 0.2, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, 1e-300, 1e21, null));
        HOSTILE.put("f4", Arrays.asList(1.1f, -0.0f, 3.0e38f, 1e-30f, null));
        HOSTILE.put("f4_in_f8", Arrays.asList(1.1f, 16777217f, 1e-30f, null));
        HOSTILE.put("f8_in_decimal", Arrays.asList(0.1 + 0.2, null, 1e-5, null, null, 123456789.123456789, null));
        HOSTILE.put("i64_in_text", Arrays.asList(Long.MIN_VALUE, 0L, 42L, null));
        HOSTILE.put("i16", Arrays.asList(Short.MIN_VALUE, (short) 0, Short.MAX_VALUE, null));
        HOSTILE.put("n", Arrays.asList(new BigDecimal("1.500"), new BigDecimal("-0.001"),
                new BigDecimal("1234567890123456789012345678901234567.456"), new BigDecimal("1E+3"), null));
        HOSTILE.put("b", Arrays.asList(new byte[0], null, new byte[] {0, 92, 10, 9, 13, (byte) 0xff}, null, null,
                ByteBuffer.wrap(new byte[] {1, 2, 3, 4}, 1, 2), null));
        HOSTILE.put("ts", Arrays.asList(micros(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000)),
                micros(LocalDateTime.of(1000, 1, 1, 0, 0)), micros(LocalDateTime.of(1, 1, 1, 0, 0)),
                micros(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1000)), micros(LocalDateTime.of(9999, 12, 31, 23, 59, 59)),
                null));
        HOSTILE.put("tstz", Arrays.asList("2020-01-01T00:00:00.123456Z", "1999-12-31T23:59:59+05:30",
                "2000-01-01T00:30:00+01:00", null));
        HOSTILE.put("d", Arrays.asList((int) LocalDate.of(2000, 1, 1).toEpochDay(), (int) LocalDate.of(1, 1, 1).toEpochDay(),
                (int) LocalDate.of(9999, 12, 31).toEpochDay(), null));
        HOSTILE.put("tm", Arrays.asList(0L, 86_399_999_999L, 43_200_000_001L, null));
        HOSTILE.put("tmtz", Arrays.asList("10:15:30.5+02:00", "00:00:00Z", "23:59:59.999999-12:00", null));
        HOSTILE.put("arr", Arrays.asList(List.of(), Arrays.asList("a", null, "b\"c", "d\\e", "tab\there"), null));
        HOSTILE.put("js", Arrays.asList("{\"a\": \"\\n\\t\\\\\", \"b\": [1, 2.5, null]}", "[]", "\"\u00e9\"", null));
        HOSTILE.put("flag", Arrays.asList(true, false, null));
        HOSTILE.put("flag_bit", Arrays.asList(null, true, null, null, false, null, null));
    }

    private final NewRowEvents events = new NewRowEvents(new MySqlDialect(), MARIADB.jdbcUrl(), MariaDbExtension.USER,
            MariaDbExtension.PASSWORD);

    @Test
    void loadedRowsAreStoredExactlyAsBoundRowsAreWithHostileValues() throws Exception {
        MARIADB.execute("CREATE TABLE loaded " + DDL, "CREATE TABLE bound " + DDL);
        int rows = 140;
        List<Map<String, Object>> hostileRows = NewRowEvents.cycling(HOSTILE, rows);

        BatchApplier loading = events.applier(1);
        BatchApplier binding = events.applier(0);
        events.apply(loading, events.buffer(table("loaded"), hostileRows, ROW, "c"));
        events.apply(binding, events.buffer(table("bound"), hostileRows, ROW, "c"));

        // Left to the statements: bytes, bits, a double for a decimal column, years before 1000, -0.0.
        long loadable = hostileRows.stream().filter(r -> r.get("b") == null && !Float.valueOf(-0.0f).equals(r.get("f4"))
                && !Double.valueOf(-0.0).equals(r.get("f8")) && r.get("flag_bit") == null
                && r.get("f8_in_decimal") == null && !Long.valueOf(micros(LocalDateTime.of(1, 1, 1, 0, 0))).equals(r.get("ts"))
                && !Integer.valueOf((int) LocalDate.of(1, 1, 1).toEpochDay()).equals(r.get("d"))).count();
        assertThat(loading.rowsBulkLoaded()).as("rows loaded").isEqualTo(loadable).isGreaterThan(10);
        assertThat(binding.rowsBulkLoaded()).isZero();
        List<List<String>> bound = MARIADB.query(compare("bound"));
        assertThat(bound).hasSize(rows);
        assertThat(MARIADB.query(compare("loaded"))).containsExactlyElementsOf(bound);
    }

    @Test
    void aKeyTheTargetHasOrAValueStrictModeRefusesFailsTheLoadAndTheStatementsTakeOver() throws Exception {
        MARIADB.execute("CREATE TABLE held (id BIGINT PRIMARY KEY, t VARCHAR(10))", "INSERT INTO held VALUES (7, 'before')");
        BatchApplier applier = events.applier(10);
        events.apply(applier, events.buffer(table("held"), rows(0, 20, "again"), ID_AND_TEXT, "c"));
        assertThat(applier.rowsBulkLoaded()).as("the load failed on key 7").isZero();
        assertThat(MARIADB.query("SELECT count(*), sum(t = 'again') FROM held")).containsExactly(List.of("20", "20"));

        BatchApplier fresh = events.applier(10);
        List<Map<String, Object>> tooLong = rows(20, 40, "fits");
        tooLong.get(5).put("t", "far too long for ten characters");
        TableBuffer refused = events.buffer(table("held"), tooLong, ID_AND_TEXT, "r");
        assertThatThrownBy(() -> events.apply(fresh, refused)).as("strict mode refuses the value the load truncated")
                .hasStackTraceContaining("Data too long");
        assertThat(fresh.rowsBulkLoaded()).as("truncated with a warning by the load: rolled back").isZero();
        assertThat(MARIADB.query("SELECT count(*) FROM held").get(0).get(0)).as("nothing truncated was committed").isEqualTo("20");
    }

    @Test
    void aServerThatAllowsNoLocalLoadsIsAskedOnceAndEveryRowStillArrives() throws Exception {
        MARIADB.execute("CREATE TABLE no_files (id BIGINT PRIMARY KEY, t VARCHAR(10))");
        MARIADB.execute("SET GLOBAL local_infile = 0");
        try {
            BatchApplier applier = events.applier(10);
            long loadsBefore = loadStatements();
            // More flushes than a failed load pauses the bulk path for (NewRowLoads.PAUSE_AFTER_CONFLICT,
            // 100): a refusal is not retried at all.
            int flushes = 105;
            for (int flush = 0; flush < flushes; flush++) {
                events.apply(applier, events.buffer(table("no_files"), rows(flush * 10L, flush * 10L + 10, "v"),
                        ID_AND_TEXT, "c"));
            }
            assertThat(applier.rowsBulkLoaded()).isZero();
            assertThat(MARIADB.query("SELECT count(*), count(DISTINCT id) FROM no_files"))
                    .containsExactly(List.of(String.valueOf(flushes * 10), String.valueOf(flushes * 10)));
            assertThat(loadStatements() - loadsBefore).as("LOAD DATA statements the server saw").isEqualTo(1);
        } finally {
            MARIADB.execute("SET GLOBAL local_infile = 1");
        }
    }

    private static long loadStatements() {
        return Long.parseLong(MARIADB.query("SHOW GLOBAL STATUS LIKE 'Com_load'").get(0).get(1));
    }

    @Test
    void tablesAndColumnsWithOddNamesAreLoadedIntoTheRightPlaces() throws Exception {
        MARIADB.execute("CREATE TABLE `it's a ``table``.with dot` (id BIGINT PRIMARY KEY, `välue, with space` TEXT) "
                + "CHARACTER SET utf8mb4");
        TableId odd = table("it's a `table`.with dot");
        BatchApplier applier = events.applier(10);
        events.apply(applier, events.buffer(odd, oddColumnRows(20), ID_AND_ODD_COLUMN, "c"));
        assertThat(applier.rowsBulkLoaded()).isEqualTo(20);
        assertThat(MARIADB.query("SELECT count(*), min(`välue, with space`) FROM `it's a ``table``.with dot`"))
                .containsExactly(List.of("20", "row 0"));
    }

    private static String compare(String table) {
        String columns = COLUMNS.stream().map(c -> c.equals("b") || c.equals("flag_bit")
                ? "IFNULL(HEX(" + c + "), '<null>')" : "IFNULL(CAST(" + c + " AS CHAR), '<null>')")
                .collect(Collectors.joining(", "));
        String whole = "CONCAT_WS('|', " + columns + ")";
        return "SELECT id, MD5(" + whole + "), LEFT(" + whole + ", 300) FROM " + table + " ORDER BY id";
    }

    private static TableId table(String name) {
        return new TableId(null, name);
    }
}
