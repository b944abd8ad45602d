package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema sync end to end: the source's schema records reach both targets through Kafka ahead of
 * the rows, so the PostgreSQL target's catalog equals the source's (types, NOT NULL, defaults,
 * keys, checks, indexes, enums, serial and identity columns), MariaDB gets the documented
 * translation, an empty table is created, and once the pipeline drains an insert without a key
 * on either target draws a key the source has not used.
 */
class SchemaSyncIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** The catalog facts a faithful copy keeps, per table; identity ALWAYS becomes BY DEFAULT on the target. */
    private static final String COLUMNS = """
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                   coalesce(pg_get_expr(d.adbin, d.adrelid), ''), (a.attidentity <> '')::text,
                   coalesce(col_description(c.oid, a.attnum), '')
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE c.relnamespace = 'shop'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY 1, a.attnum""";
    private static final String CONSTRAINTS = """
            SELECT conrelid::regclass::text, conname::text, pg_get_constraintdef(oid) FROM pg_constraint
             WHERE connamespace = 'shop'::regnamespace AND contype IN ('p', 'u', 'c', 'f') ORDER BY 1, 2""";
    private static final String INDEXES = """
            SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index x
              JOIN pg_class c ON c.oid = x.indrelid WHERE c.relnamespace = 'shop'::regnamespace ORDER BY 1""";
    private static final String ENUMS = """
            SELECT t.typname::text, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e
              JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typnamespace = 'shop'::regnamespace GROUP BY 1""";
    private static final String MARIADB_COLUMNS = """
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, coalesce(COLUMN_DEFAULT, ''), EXTRA
              FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'items'
             ORDER BY ORDINAL_POSITION""";
    private static final String MARIADB_KEYS = """
            SELECT INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX)
              FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'items'
             GROUP BY INDEX_NAME, NON_UNIQUE ORDER BY INDEX_NAME""";

    @Test
    void targetsGetTheSourceStructureBeforeTheRowsAndKeysThatDoNotCollide() throws Exception {
        SOURCE.execute("CREATE SCHEMA shop",
                "CREATE TYPE shop.mood AS ENUM ('sad', 'ok', 'happy')",
                """
                CREATE TABLE shop.items (
                  id serial PRIMARY KEY,
                  code varchar(20) NOT NULL CONSTRAINT items_code_key UNIQUE,
                  price numeric(10,2) NOT NULL DEFAULT 0 CONSTRAINT price_not_negative CHECK (price >= 0),
                  qty integer DEFAULT 1,
                  created timestamptz(3) NOT NULL DEFAULT now(),
                  mood shop.mood DEFAULT 'ok',
                  span interval,
                  label char(4) DEFAULT 'ab',
                  tags text[],
                  doc jsonb,
                  note text)""",
                "COMMENT ON COLUMN shop.items.note IS 'free text'",
                "CREATE INDEX items_lower_note ON shop.items (lower(note))",
                "CREATE UNIQUE INDEX items_big_qty ON shop.items (qty) WHERE qty > 100",
                "CREATE INDEX items_created ON shop.items (created)",
                "CREATE TABLE shop.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL)",
                "CREATE TABLE shop.lines (item_id int NOT NULL CONSTRAINT lines_item_fk REFERENCES shop.items "
                        + "ON DELETE CASCADE, line smallint NOT NULL, amount numeric, PRIMARY KEY (item_id, line))",
                "CREATE TABLE shop.\"Odd \"\"Name\"\" ü\" (\"Mixed Case\" int PRIMARY KEY, \"a b\" varchar(5))",
                "CREATE TABLE shop.empty (id int PRIMARY KEY, v text)",
                "INSERT INTO shop.items (code, price, qty, mood, span, tags, doc, note) SELECT 'c' || i, i, i, "
                        + "'happy', interval '1 year 2 months 3 days 04:05:06.5', ARRAY['a', 'b'], '{\"k\": 1}', "
                        + "'note ' || i FROM generate_series(1, 50) i",
                "INSERT INTO shop.events (payload) SELECT 'e' || i FROM generate_series(1, 30) i",
                "INSERT INTO shop.lines VALUES (1, 1, 2.5), (1, 2, 3.5)",
                "INSERT INTO shop.\"Odd \"\"Name\"\" ü\" VALUES (1, 'x')");

        startPipeline();
        SOURCE.execute("INSERT INTO shop.items (code, price) SELECT 's' || i, 1 FROM generate_series(1, 20) i",
                "INSERT INTO shop.events (payload) VALUES ('streamed')",
                "UPDATE shop.items SET mood = 'sad', span = interval '-3 days' WHERE id = 2");

        String items = "SELECT id, code, price, qty, created, mood::text, span::text, label, tags::text, doc::text, note "
                + "FROM shop.items ORDER BY id";
        awaitEqual(SOURCE, "items in PostgreSQL", items, TARGET_PG, items);
        awaitEqual(SOURCE, "events in PostgreSQL", "SELECT * FROM shop.events ORDER BY id", TARGET_PG,
                "SELECT * FROM shop.events ORDER BY id");
        awaitEqual(SOURCE, "odd names in PostgreSQL", "SELECT * FROM shop.\"Odd \"\"Name\"\" ü\"", TARGET_PG,
                "SELECT * FROM shop.\"Odd \"\"Name\"\" ü\"");
        assertThat(TARGET_PG.query(COLUMNS)).as("columns").isEqualTo(SOURCE.query(COLUMNS));
        // Foreign keys are added unchecked and checked by a later schema record, once the rows are complete.
        await("constraints, validated foreign keys included").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(TARGET_PG.query(CONSTRAINTS)).isEqualTo(SOURCE.query(CONSTRAINTS)));
        // Secondary indexes are built once the full sync is over, with the next schema record.
        await("indexes").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(TARGET_PG.query(INDEXES)).isEqualTo(SOURCE.query(INDEXES)));
        assertThat(TARGET_PG.query(ENUMS)).as("enum types").isEqualTo(SOURCE.query(ENUMS));
        assertThat(TARGET_PG.query("SELECT count(*) FROM shop.empty")).as("the empty table").containsExactly(List.of("0"));

        awaitEqual(SOURCE, "items in MariaDB", "SELECT id, code, price, qty, mood::text, rtrim(label), note FROM shop.items "
                + "ORDER BY id", TARGET_MARIADB, "SELECT id, code, price, qty, mood, label, note FROM items ORDER BY id");
        awaitEqual(SOURCE, "events in MariaDB", "SELECT * FROM shop.events ORDER BY id", TARGET_MARIADB,
                "SELECT * FROM events ORDER BY id");
        assertThat(TARGET_MARIADB.query(MARIADB_COLUMNS)).as("MariaDB's translation of shop.items").containsExactly(
                List.of("items", "id", "int(11)", "NO", "", "auto_increment"),
                List.of("items", "code", "varchar(20)", "NO", "", ""),
                List.of("items", "price", "decimal(10,2)", "NO", "0.00", ""),
                List.of("items", "qty", "int(11)", "YES", "1", ""),
                List.of("items", "created", "datetime(3)", "NO", "current_timestamp(3)", ""),
                List.of("items", "mood", "enum('sad','ok','happy')", "YES", "'ok'", ""),
                List.of("items", "span", "varchar(64)", "YES", "NULL", ""),
                List.of("items", "label", "char(4)", "YES", "'ab'", ""),
                List.of("items", "tags", "longtext", "YES", "NULL", ""),
                List.of("items", "doc", "longtext", "YES", "NULL", ""),
                List.of("items", "note", "longtext", "YES", "NULL", ""));
        await("MariaDB's keys of shop.items").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(TARGET_MARIADB.query(MARIADB_KEYS)).containsExactlyInAnyOrder(
                        List.of("PRIMARY", "0", "id"), List.of("items_code_key", "0", "code"),
                        List.of("items_created", "1", "created")));
        assertThat(TARGET_MARIADB.query("SELECT count(*) FROM empty")).containsExactly(List.of("0"));
        await("MariaDB's foreign key").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(TARGET_MARIADB.query("SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME, DELETE_RULE "
                        + "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'ferry'"))
                        .containsExactly(List.of("lines_item_fk", "lines", "items", "CASCADE")));

        // The sequences reach the targets with the next schema records (schema.records.interval.ms).
        List<String> sourceNext = List.of(SOURCE.query("SELECT last_value FROM shop.items_id_seq").get(0).get(0),
                SOURCE.query("SELECT last_value FROM shop.events_id_seq").get(0).get(0));
        await("target sequences moved forward").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(List.of(TARGET_PG.query("SELECT last_value FROM shop.items_id_seq").get(0).get(0),
                            TARGET_PG.query("SELECT last_value FROM shop.events_id_seq").get(0).get(0)))
                            .isEqualTo(sourceNext);
                    assertThat(TARGET_MARIADB.query("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE "
                            + "TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'items'").get(0).get(0))
                            .isEqualTo(String.valueOf(Long.parseLong(sourceNext.get(0)) + 1));
                });
        TARGET_PG.execute("INSERT INTO shop.items (code) VALUES ('on target')",
                "INSERT INTO shop.events (payload) VALUES ('on target')");
        TARGET_MARIADB.execute("INSERT INTO items (code) VALUES ('on target')");
        assertThat(TARGET_PG.query("SELECT id FROM shop.items WHERE code = 'on target'"))
                .containsExactly(List.of(String.valueOf(Long.parseLong(sourceNext.get(0)) + 1)));
        assertThat(TARGET_MARIADB.query("SELECT id FROM items WHERE code = 'on target'"))
                .containsExactly(List.of(String.valueOf(Long.parseLong(sourceNext.get(0)) + 1)));
    }

    @Test
    void anExistingTableWithRowsIsAConflictUnlessTheModeIsIgnore() throws Exception {
        SOURCE.execute("CREATE SCHEMA taken", "CREATE TABLE taken.accounts (id int PRIMARY KEY, name varchar(30))",
                "INSERT INTO taken.accounts VALUES (1, 'from the source'), (2, 'two')");
        TARGET_PG.execute("CREATE SCHEMA taken", "CREATE TABLE taken.accounts (id int PRIMARY KEY, name text, kept int)",
                "INSERT INTO taken.accounts VALUES (1, 'already there', 7), (99, 'only on the target', 9)");
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "conflict", "taken\\..*");
        CONNECT.rest().putConnectorConfig("conflict", source);
        CONNECT.rest().awaitRunning("conflict", 1, TIMEOUT);
        Map<String, String> sink = SinkConfigs.ferrySink("conflict-pg", "unused", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        sink.remove("topics.regex");
        sink.put("topics", "conflict.taken.accounts");

        assertThat(ConnectRestClient.validationErrors(CONNECT.rest().validate(PLUGIN, sink), "schema.conflict.mode"))
                .singleElement().asString().contains("target table taken.accounts already exists and holds rows");

        sink.put("schema.conflict.mode", "ignore");
        // Without it the truncate ahead of the snapshot would empty the kept table.
        sink.put("snapshot.conflict.mode", "keep_existing");
        assertThat(ConnectRestClient.allValidationErrors(CONNECT.rest().validate(PLUGIN, sink))).isEmpty();
        CONNECT.rest().putConnectorConfig("conflict-pg", sink);
        CONNECT.rest().awaitRunning("conflict-pg", 1, TIMEOUT);
        SOURCE.execute("INSERT INTO taken.accounts VALUES (3, 'streamed')");
        await("source rows written into the kept table").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().untilAsserted(() -> assertThat(TARGET_PG.query(
                        "SELECT id, name, coalesce(kept::text, '-') FROM taken.accounts ORDER BY id")).containsExactly(
                        List.of("1", "already there", "7"), List.of("2", "two", "-"),
                        List.of("3", "streamed", "-"), List.of("99", "only on the target", "9")));
        assertThat(TARGET_PG.query("SELECT connector, target_table FROM ferry_schema_sync WHERE connector = 'conflict-pg'"))
                .containsExactly(List.of("conflict-pg", "taken.accounts"));
    }

    /** The built-in types, each on PostgreSQL under its own type; rows compared as text. */
    private static final String TYPES = """
            CREATE TABLE typed.every (id int PRIMARY KEY, i2 smallint, i8 bigint, r real, d double precision,
              n numeric(10,3), nu numeric, m money, b boolean, c char(5), vc varchar(10), t text, bin bytea,
              dt date, tm time(3), ttz timetz, ts timestamp(3), tstz timestamptz, iv interval, u uuid, j json,
              jb jsonb, x xml, ip inet, net cidr, mac macaddr, mac8 macaddr8, bits bit(8), vbits varbit(16), bit1 bit(1),
              bits16 bit(16),
              tsv tsvector, tsq tsquery, i4r int4range, nr numrange, tsr tstzrange, dr daterange, ia int[],
              ta text[])""";
    private static final String TYPED_ROWS = """
            INSERT INTO typed.every VALUES
              (1, -32768, 9223372036854775807, 1.5, -2.5e300, 1234567.891, 0.000000000000000000000000000000001,
               12.34, true, 'ab', 'ten chars!', '', '\\x00ff', '2024-02-29', '23:59:59.999', '10:15:30+02',
               '2024-01-01 00:00:00.123', '2024-06-01 12:00:00+05', '1 year 2 mons 3 days 04:05:06.5', gen_random_uuid(),
               '{"a": [1, 2]}', '{"b": {"c": null}}', '<r a="1">x</r>', '192.168.0.1/24', '10.0.0.0/8',
               '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05', B'10100001', B'1011', B'1', B'0000000100000011', 'a fat cat',
               'fat & cat',
               '[1,10)', '(1.5,2.5]', '[2024-01-01 00:00+00,2024-02-01 00:00+00)', '[2024-01-01,2024-01-31]',
               '{1,NULL,3}', '{"a b","c,d",""}'),
              (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL)""";

    @Test
    void everyBuiltInTypeKeepsItsTypeAndValueOnPostgreSql() throws Exception {
        SOURCE.execute("CREATE SCHEMA typed", TYPES, TYPED_ROWS);
        CONNECT.rest().putConnectorConfig("types", ConnectorConfigs.ferrySource(SOURCE, "types", "typed\\..*"));
        CONNECT.rest().awaitRunning("types", 1, TIMEOUT);
        Map<String, String> pg = SinkConfigs.ferrySink("types-pg", "types\\.typed\\..*", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        pg.put("consumer.override.metadata.max.age.ms", "1000");
        CONNECT.rest().putConnectorConfig("types-pg", pg);
        CONNECT.rest().awaitRunning("types-pg", 1, TIMEOUT);
        SOURCE.execute(TYPED_ROWS.replace("(1, -32768", "(3, -32768").replace("(2, NULL", "(4, NULL"));

        String columns = "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = 'typed.every'::regclass AND a.attnum > 0 ORDER BY a.attnum";
        await("typed.every created").atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
                assertThat(TARGET_PG.query(columns)).isEqualTo(SOURCE.query(columns)));
        await("every row in PostgreSQL").atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
                assertThat(TARGET_PG.query("SELECT count(*) FROM typed.every")).containsExactly(List.of("4")));
        List<String> differences = new java.util.ArrayList<>();
        for (List<String> column : SOURCE.query(columns)) {
            if (column.get(0).equals("tsq")) {
                // Debezium does not capture tsquery: the sink warns that the column is not in the events.
                continue;
            }
            // timetz: Debezium sends the instant in UTC, so the offset is compared normalized.
            String value = column.get(0).equals("ttz") ? "(ttz AT TIME ZONE 'UTC')::text" : column.get(0) + "::text";
            String sql = "SELECT " + value + " FROM typed.every ORDER BY every.id";
            if (!TARGET_PG.query(sql).equals(SOURCE.query(sql))) {
                differences.add(column + ": source " + SOURCE.query(sql) + ", target " + TARGET_PG.query(sql));
            }
        }
        assertThat(differences).as("columns whose values differ").isEmpty();
    }

    /**
     * Per column of {@link #TYPES}: the PostgreSQL expression whose value MariaDB must hold under
     * the translation table, and the MariaDB expression to read it (compared through TableDigest).
     */
    private static final Map<String, List<String>> MARIADB_VALUES = new java.util.LinkedHashMap<>();

    static {
        for (String same : List.of("i2", "i8", "r", "d", "n", "b", "vc", "t", "bin", "dt", "ts", "j", "jb", "x",
                "ip", "net", "mac", "mac8", "tsv", "i4r", "nr", "dr", "ia", "ta")) {
            MARIADB_VALUES.put(same, List.of(same + (List.of("u", "j", "x", "ip", "net", "mac", "mac8", "tsv", "i4r",
                    "nr", "dr").contains(same) ? "::text" : ""), same));
        }
        MARIADB_VALUES.put("m", List.of("m::numeric", "m"));
        // Unconstrained numeric is DECIMAL(65,30) there (with a warning at table creation).
        MARIADB_VALUES.put("nu", List.of("round(nu, 30)", "nu"));
        MARIADB_VALUES.put("c", List.of("rtrim(c)", "c"));
        MARIADB_VALUES.put("tm", List.of("to_char(tm, 'HH24:MI:SS.MS')", "CAST(tm AS CHAR)"));
        MARIADB_VALUES.put("ttz", List.of("to_char((ttz AT TIME ZONE 'UTC')::time, 'HH24:MI:SS.US')", "CAST(ttz AS CHAR)"));
        MARIADB_VALUES.put("tstz", List.of("tstz AT TIME ZONE 'UTC'", "tstz"));
        MARIADB_VALUES.put("u", List.of("u::text", "u"));
        MARIADB_VALUES.put("bit1", List.of("bit1 = B'1'", "bit1"));
        MARIADB_VALUES.put("tsr", List.of("tsr::text", "tsr"));
    }

    @Test
    void everyBuiltInTypeReachesMariaDbAsTheTranslationSays() throws Exception {
        SOURCE.execute("CREATE SCHEMA typedm", TYPES.replace("typed.", "typedm."), TYPED_ROWS.replace("typed.", "typedm."));
        CONNECT.rest().putConnectorConfig("typesm", ConnectorConfigs.ferrySource(SOURCE, "typesm", "typedm\\..*"));
        CONNECT.rest().awaitRunning("typesm", 1, TIMEOUT);
        Map<String, String> mariaDb = SinkConfigs.ferrySink("typesm-mariadb", "typesm\\.typedm\\..*",
                TARGET_MARIADB.jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD);
        mariaDb.put("consumer.override.metadata.max.age.ms", "1000");
        mariaDb.put("table.name.format", "typedm_${source.table}");
        CONNECT.rest().putConnectorConfig("typesm-mariadb", mariaDb);
        CONNECT.rest().awaitRunning("typesm-mariadb", 1, TIMEOUT);
        await("every row in MariaDB").atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
                assertThat(TARGET_MARIADB.query("SELECT count(*) FROM typedm_every")).containsExactly(List.of("2")));

        List<String> differences = new java.util.ArrayList<>();
        for (Map.Entry<String, List<String>> column : MARIADB_VALUES.entrySet()) {
            List<String> expected = PipelineIT.digest(SOURCE, "SELECT " + column.getValue().get(0)
                    + " FROM typedm.every ORDER BY id");
            List<String> actual = PipelineIT.digest(TARGET_MARIADB, "SELECT " + column.getValue().get(1)
                    + " FROM typedm_every ORDER BY id");
            if (!expected.equals(actual)) {
                differences.add(column.getKey() + ": source " + expected + ", MariaDB " + actual);
            }
        }
        assertThat(TARGET_MARIADB.query("SELECT iv FROM typedm_every WHERE id = 1"))
                .as("intervals as ISO 8601 text").containsExactly(List.of("P1Y2M3DT4H5M6.5S"));
        assertThat(differences).as("columns whose values differ from the translation").isEmpty();
    }

    @Test
    void aPartitionedTableIsPartitionedTheSameWayAndKeptInStep() throws Exception {
        SOURCE.execute("CREATE SCHEMA part",
                "CREATE TABLE part.events (id int, created date, payload text, PRIMARY KEY (id, created)) "
                        + "PARTITION BY RANGE (created)",
                "CREATE TABLE part.events_2025 PARTITION OF part.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "CREATE TABLE part.events_2026 PARTITION OF part.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "INSERT INTO part.events SELECT i, date '2025-06-01' + (i % 400), 'e' || i FROM generate_series(1, 300) i");
        // publish.via.partition.root=false (Debezium's default): the partitions publish the changes.
        CONNECT.rest().putConnectorConfig("part", ConnectorConfigs.ferrySource(SOURCE, "part", "part\\..*"));
        CONNECT.rest().awaitRunning("part", 1, TIMEOUT);
        Map<String, String> pg = SinkConfigs.ferrySink("part-pg", "part\\.part\\..*", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        pg.put("consumer.override.metadata.max.age.ms", "1000");
        CONNECT.rest().putConnectorConfig("part-pg", pg);
        CONNECT.rest().awaitRunning("part-pg", 1, TIMEOUT);
        SOURCE.execute("INSERT INTO part.events VALUES (1000, '2025-02-01', 'streamed'), (1001, '2026-12-31', 'late')",
                "UPDATE part.events SET payload = 'changed' WHERE id % 10 = 0",
                "DELETE FROM part.events WHERE id % 7 = 0",
                "UPDATE part.events SET created = '2026-03-01' WHERE id = 3");

        String rows = "SELECT tableoid::regclass::text, id, created, payload FROM part.events ORDER BY id";
        awaitEqual(SOURCE, "partitioned rows, each in its partition", rows, TARGET_PG, rows);
        String partitioning = "SELECT c.relname::text, c.relkind::text, coalesce(pg_get_partkeydef(c.oid), ''), "
                + "coalesce(pg_get_expr(c.relpartbound, c.oid), '') FROM pg_class c "
                + "WHERE c.relnamespace = 'part'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1";
        await("partitions attached").atMost(TIMEOUT).untilAsserted(() ->
                assertThat(TARGET_PG.query(partitioning)).isEqualTo(SOURCE.query(partitioning)));
    }

    @Test
    void aTableTheSinkMadeFromRowsIsNoConflictForLaterSchemaRecords() throws Exception {
        SOURCE.execute("CREATE SCHEMA late", "CREATE TABLE late.items (id int PRIMARY KEY, name varchar(20) NOT NULL)",
                "INSERT INTO late.items VALUES (1, 'one')");
        // First without schema records, as when retention has removed them: auto.create makes the table.
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "late", "late\\..*");
        source.put("schema.records.enabled", "false");
        CONNECT.rest().putConnectorConfig("late", source);
        CONNECT.rest().awaitRunning("late", 1, TIMEOUT);
        Map<String, String> pg = SinkConfigs.ferrySink("late-pg", "late\\.late\\..*", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        pg.put("consumer.override.metadata.max.age.ms", "1000");
        CONNECT.rest().putConnectorConfig("late-pg", pg);
        CONNECT.rest().awaitRunning("late-pg", 1, TIMEOUT);
        String rows = "SELECT id, name FROM late.items ORDER BY id";
        awaitEqual(SOURCE, "rows through auto.create", rows, TARGET_PG, rows);

        source.put("schema.records.enabled", "true");
        source.put("schema.records.interval.ms", "1000");
        CONNECT.rest().putConnectorConfig("late", source);
        SOURCE.execute("INSERT INTO late.items VALUES (2, 'two')");
        awaitEqual(SOURCE, "rows after the schema records", rows, TARGET_PG, rows);
        Thread.sleep(3000);
        assertThat(CONNECT.rest().taskState("late-pg")).as(CONNECT.rest().taskTrace("late-pg")).isEqualTo("RUNNING");
    }

    private static final String PLUGIN = "dev.ferry.sink.DatabaseSinkConnector";

    private static void startPipeline() {
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "sync", "shop\\..*");
        source.put("schema.records.interval.ms", "2000");
        CONNECT.rest().putConnectorConfig("sync", source);
        CONNECT.rest().awaitRunning("sync", 1, TIMEOUT);
        Map<String, String> pg = SinkConfigs.ferrySink("sync-pg", "sync\\.shop\\..*", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        Map<String, String> mariaDb = SinkConfigs.ferrySink("sync-mariadb", "sync\\.shop\\..*",
                TARGET_MARIADB.jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD);
        for (Map<String, String> sink : List.of(pg, mariaDb)) {
            sink.put("consumer.override.metadata.max.age.ms", "1000");
        }
        CONNECT.rest().putConnectorConfig("sync-pg", pg);
        CONNECT.rest().putConnectorConfig("sync-mariadb", mariaDb);
        CONNECT.rest().awaitRunning("sync-pg", 1, TIMEOUT);
        CONNECT.rest().awaitRunning("sync-mariadb", 1, TIMEOUT);
    }
}
