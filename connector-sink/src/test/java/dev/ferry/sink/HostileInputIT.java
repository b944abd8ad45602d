package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TopicReader.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inputs an adversarial user sends: key swaps inside one transaction, infinite timestamps, odd
 * names, a truncate across a foreign key, a failed batch that had added a column. Each ends with
 * the targets equal to the source (or the bad record in the dead-letter queue), never with a
 * lost row or a wedged task.
 */
class HostileInputIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aPrimaryKeySwapInsideOneTransactionKeepsEveryRow() throws Exception {
        SOURCE.execute("CREATE TABLE public.swap (id int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED, name text)",
                "INSERT INTO public.swap SELECT i, 'row ' || i FROM generate_series(1, 40) i");
        startPipeline("swap", "public.swap", Map.of());
        String rows = "SELECT id, name FROM public.swap ORDER BY id";
        String mariaRows = "SELECT id, name FROM swap ORDER BY id";
        awaitEqual(SOURCE, "swap snapshot", rows, TARGET_PG, rows);

        SOURCE.execute("UPDATE public.swap SET id = 3 - id WHERE id IN (1, 2)",
                "UPDATE public.swap SET id = CASE id WHEN 10 THEN 11 WHEN 11 THEN 12 ELSE 10 END WHERE id IN (10, 11, 12)",
                "BEGIN; UPDATE public.swap SET id = 100 WHERE id = 20; UPDATE public.swap SET id = 101 WHERE id = 100; "
                        + "UPDATE public.swap SET id = 20 WHERE id = 21; COMMIT",
                "BEGIN; UPDATE public.swap SET id = 31 WHERE name = 'row 30'; "
                        + "UPDATE public.swap SET id = 30 WHERE name = 'row 31'; COMMIT",
                "BEGIN; UPDATE public.swap SET id = id + 1 WHERE id BETWEEN 35 AND 40; COMMIT");
        awaitEqual(SOURCE, "swapped keys in PostgreSQL", rows, TARGET_PG, rows);
        awaitEqual(SOURCE, "swapped keys in MariaDB", rows, TARGET_MARIADB, mariaRows);
    }

    @Test
    void aUniqueValueRotatedAcrossRowsInOneTransactionIsAppliedInsteadOfRetriedForever() throws Exception {
        SOURCE.execute("CREATE TABLE public.uniq (id int PRIMARY KEY, code text UNIQUE, n int)",
                "INSERT INTO public.uniq VALUES (1, 'a', 0), (2, 'b', 0), (3, 'c', 0)");
        TARGET_PG.execute("CREATE TABLE public.uniq (id int PRIMARY KEY, code text UNIQUE, n int)");
        TARGET_MARIADB.execute("CREATE TABLE uniq (id int PRIMARY KEY, code varchar(20) UNIQUE, n int)");
        startPipeline("uniq", "public.uniq", Map.of());
        String rows = "SELECT id, code, n FROM public.uniq ORDER BY id";
        awaitEqual(SOURCE, "uniq snapshot", rows, TARGET_PG, rows);
        SOURCE.execute("BEGIN; UPDATE public.uniq SET code = 'tmp' WHERE id = 1; "
                + "UPDATE public.uniq SET code = 'a', n = 1 WHERE id = 2; UPDATE public.uniq SET code = 'b' WHERE id = 1; "
                + "UPDATE public.uniq SET code = 'x' WHERE id = 3; INSERT INTO public.uniq VALUES (4, 'c', 4); COMMIT");
        awaitEqual(SOURCE, "rotated unique values in PostgreSQL", rows, TARGET_PG, rows);
        awaitEqual(SOURCE, "rotated unique values in MariaDB", rows, TARGET_MARIADB, "SELECT id, code, n FROM uniq ORDER BY id");
        assertThat(CONNECT.rest().taskState("uniq-pg")).isEqualTo("RUNNING");
    }

    /**
     * With foreign-key checks on and {@code ON DELETE CASCADE} in the target, an upsert must
     * update a parent in place: MySQL's REPLACE deleted it first, and the cascade took its
     * children, both for a plain update and for a unique value rotated across parents.
     */
    @Test
    void updatedParentsKeepTheirChildrenOnTargetsWithForeignKeyChecksAndCascades() throws Exception {
        SOURCE.execute("CREATE TABLE public.team (id int PRIMARY KEY, code text UNIQUE NOT NULL, n int)",
                "CREATE TABLE public.member (id int PRIMARY KEY, team_id int REFERENCES public.team (id) ON DELETE CASCADE)",
                "INSERT INTO public.team VALUES (1, 'a', 0), (2, 'b', 0), (3, 'c', 0)");
        TARGET_PG.execute("CREATE TABLE public.team (id int PRIMARY KEY, code text UNIQUE NOT NULL, n int)",
                "CREATE TABLE public.member (id int PRIMARY KEY, team_id int REFERENCES public.team (id) ON DELETE CASCADE)");
        TARGET_MARIADB.execute("CREATE TABLE team (id int PRIMARY KEY, code varchar(20) NOT NULL UNIQUE, n int)",
                "CREATE TABLE member (id int PRIMARY KEY, team_id int, "
                        + "FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE)");
        startPipeline("team", "public.team,public.member", Map.of("foreign.key.checks.disabled", "false"));
        String teams = "SELECT id, code, n FROM public.team ORDER BY id";
        String mariaTeams = "SELECT id, code, n FROM team ORDER BY id";
        awaitEqual(SOURCE, "teams in MariaDB", teams, TARGET_MARIADB, mariaTeams);
        awaitEqual(SOURCE, "teams in PostgreSQL", teams, TARGET_PG, teams);
        // Members only once their teams are there on both targets: with checks on, the order across tables
        // (topics) matters, and a CI run's PostgreSQL sink had not applied the teams yet.
        SOURCE.execute("INSERT INTO public.member SELECT i, 1 + i % 3 FROM generate_series(1, 30) i");
        String members = "SELECT id, team_id FROM public.member ORDER BY id";
        awaitEqual(SOURCE, "members in MariaDB", members, TARGET_MARIADB, "SELECT id, team_id FROM member ORDER BY id");

        SOURCE.execute("UPDATE public.team SET n = 1 WHERE id = 3",
                "BEGIN; UPDATE public.team SET code = 'tmp' WHERE id = 1; UPDATE public.team SET code = 'a', n = 2 "
                        + "WHERE id = 2; UPDATE public.team SET code = 'b' WHERE id = 1; COMMIT");
        awaitEqual(SOURCE, "teams after updates in MariaDB", teams, TARGET_MARIADB, mariaTeams);
        awaitEqual(SOURCE, "teams after updates in PostgreSQL", teams, TARGET_PG, teams);
        awaitEqual(SOURCE, "members kept in MariaDB", members, TARGET_MARIADB, "SELECT id, team_id FROM member ORDER BY id");
        awaitEqual(SOURCE, "members kept in PostgreSQL", members, TARGET_PG, members);
        assertThat(CONNECT.rest().taskState("team-mariadb")).isEqualTo("RUNNING");
    }

    @Test
    void aSourceColumnWidenedToBigintAndDoubleIsWidenedOnBothTargets() throws Exception {
        SOURCE.execute("CREATE TABLE public.widen (id int PRIMARY KEY, qty int, price real)",
                "INSERT INTO public.widen VALUES (1, 5, 1.5)");
        startPipeline("widen", "public.widen", Map.of());
        String rows = "SELECT id, qty, price::float8 FROM public.widen ORDER BY id";
        awaitEqual(SOURCE, "widen snapshot", rows, TARGET_PG, rows);
        SOURCE.execute("ALTER TABLE public.widen ALTER COLUMN id TYPE bigint, ALTER COLUMN qty TYPE bigint, "
                        + "ALTER COLUMN price TYPE double precision",
                "INSERT INTO public.widen VALUES (9000000000, 9000000001, 1.123456789012)");
        awaitEqual(SOURCE, "widened columns in PostgreSQL", rows, TARGET_PG, rows);
        awaitEqual(SOURCE, "widened columns in MariaDB", rows, TARGET_MARIADB, "SELECT id, qty, price FROM widen ORDER BY id");
        assertThat(TARGET_PG.queryValue("SELECT data_type FROM information_schema.columns WHERE table_name = 'widen' "
                + "AND column_name = 'qty'")).isEqualTo("bigint");
    }

    @Test
    void anExactlyOnceCommitAfterAnotherTaskMovedTheLedgerIsRolledBackInsteadOfMovingItBack() throws Exception {
        SOURCE.execute("CREATE TABLE public.fence (id int PRIMARY KEY, v text)",
                "INSERT INTO public.fence VALUES (1, 'one'), (2, 'two')");
        startPipeline("fence", "public.fence", Map.of("exactly.once", "true"));
        String rows = "SELECT id, v FROM public.fence ORDER BY id";
        awaitEqual(SOURCE, "fence snapshot", rows, TARGET_PG, rows);
        String ledger = "SELECT next_offset FROM ferry_sink_offsets WHERE connector = 'fence-pg' "
                + "AND topic = 'fence.public.fence'";
        try (Connection blocker = TARGET_PG.connect()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("SELECT * FROM public.fence WHERE id = 1 FOR UPDATE");
            }
            SOURCE.execute("BEGIN; UPDATE public.fence SET v = 'late' WHERE id = 1; "
                    + "INSERT INTO public.fence VALUES (3, 'three'); COMMIT");
            await("the sink blocked on the locked row").atMost(TIMEOUT).until(() -> !TARGET_PG.query(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = 'ferry-sink' AND wait_event_type = 'Lock'")
                    .isEmpty());
            // Another task took the partition over and applied past these records meanwhile.
            TARGET_PG.execute("UPDATE ferry_sink_offsets SET next_offset = next_offset + 1000 "
                    + "WHERE connector = 'fence-pg' AND topic = 'fence.public.fence'");
            blocker.rollback();
        }
        long moved = Long.parseLong(TARGET_PG.queryValue(ledger));
        await("the fenced batch stays rolled back").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30))
                .until(() -> Long.parseLong(TARGET_PG.queryValue(ledger)) == moved
                        && "0".equals(TARGET_PG.queryValue("SELECT count(*) FROM public.fence WHERE id = 3 OR v = 'late'")));
        assertThat(CONNECT.rest().taskState("fence-pg")).isEqualTo("RUNNING");
        // The MariaDB sink, not fenced, applies them.
        awaitEqual(SOURCE, "fence in MariaDB", rows, TARGET_MARIADB, "SELECT id, v FROM fence ORDER BY id");
    }

    @Test
    void infiniteTimestampsReplicateToPostgresAndAreDeadLetteredOnMariaDb() throws Exception {
        SOURCE.execute("CREATE TABLE public.forever (id int PRIMARY KEY, ts timestamp, tstz timestamptz, d date)",
                "INSERT INTO public.forever VALUES (1, '2024-05-01 10:00:00.5', '2024-05-01 10:00:00.5+02', '2024-05-01'),"
                        + " (2, 'infinity', 'infinity', 'infinity'), (3, '-infinity', '-infinity', '-infinity'),"
                        + " (4, NULL, NULL, NULL)");
        startPipeline("forever", "public.forever", toleratingIntoDeadLetterQueue("forever-dlq"));
        String rows = "SELECT id, ts::text, tstz::text, d::text FROM public.forever ORDER BY id";
        // The changes below must follow the snapshot: one before it would leave row 1 infinite in the snapshot.
        awaitEqual(SOURCE, "the snapshot in PostgreSQL", rows, TARGET_PG, rows);
        SOURCE.execute("INSERT INTO public.forever VALUES (5, 'infinity', '-infinity', '2030-01-01')",
                "INSERT INTO public.forever VALUES (6, '-infinity', 'infinity', '-infinity')",
                "UPDATE public.forever SET ts = 'infinity' WHERE id = 1");
        awaitEqual(SOURCE, "infinity in PostgreSQL", rows, TARGET_PG, rows);
        assertThat(CONNECT.rest().taskState("forever-pg")).isEqualTo("RUNNING");

        // MariaDB has no infinity: the finite row lands, each infinite one is a data error in the DLQ.
        awaitEqual(SOURCE, "finite rows in MariaDB", "SELECT id FROM public.forever WHERE id IN (1, 4) ORDER BY id",
                TARGET_MARIADB, "SELECT id FROM forever ORDER BY id");
        List<Message> dead = CONNECT.topics().awaitCount("forever-dlq-mariadb", 5, TIMEOUT);
        assertThat(dead).allSatisfy(m -> assertThat(m.headers().get("__connect.errors.exception.message"))
                .contains("forever").contains("infinity"));
        assertThat(CONNECT.rest().taskState("forever-mariadb")).isEqualTo("RUNNING");
    }

    @Test
    void anInfiniteTimestampWithoutErrorToleranceFailsTheTaskNamingTheRecord() {
        SOURCE.execute("CREATE TABLE public.forever_strict (id int PRIMARY KEY, ts timestamptz)",
                "INSERT INTO public.forever_strict VALUES (1, now()), (2, 'infinity')");
        // The MariaDB sink may fail before it was ever seen RUNNING.
        startPipeline("strict", "public.forever_strict", Map.of(), Map.of(), false);
        await("MariaDB sink fails").atMost(TIMEOUT).until(() -> "FAILED".equals(CONNECT.rest().taskState("strict-mariadb")));
        assertThat(CONNECT.rest().taskTrace("strict-mariadb"))
                .contains("strict.public.forever_strict").contains("offset").contains("forever_strict")
                .contains("infinity").contains("2");
    }

    @Test
    void aTruncateOfParentAndChildTogetherAppliesOnTargetsWithTheForeignKey() throws Exception {
        SOURCE.execute("CREATE TABLE public.parent (id int PRIMARY KEY, name text)",
                "CREATE TABLE public.child (id int PRIMARY KEY, parent_id int REFERENCES public.parent (id), name text)",
                "INSERT INTO public.parent SELECT i, 'p' || i FROM generate_series(1, 5) i",
                "INSERT INTO public.child SELECT i, 1 + i % 5, 'c' || i FROM generate_series(1, 20) i");
        TARGET_PG.execute("CREATE TABLE public.parent (id int PRIMARY KEY, name text)",
                "CREATE TABLE public.child (id int PRIMARY KEY, parent_id int REFERENCES public.parent (id), name text)");
        TARGET_MARIADB.execute("CREATE TABLE parent (id int PRIMARY KEY, name text)",
                "CREATE TABLE child (id int PRIMARY KEY, parent_id int, name text, FOREIGN KEY (parent_id) REFERENCES parent (id))");
        startPipeline("fk", "public.parent,public.child", Map.of());
        String children = "SELECT id, parent_id, name FROM public.child ORDER BY id";
        awaitEqual(SOURCE, "children in PostgreSQL", children, TARGET_PG, children);
        awaitEqual(SOURCE, "children in MariaDB", children, TARGET_MARIADB, "SELECT id, parent_id, name FROM child ORDER BY id");

        SOURCE.execute("TRUNCATE public.parent, public.child",
                "INSERT INTO public.parent VALUES (7, 'new parent')", "INSERT INTO public.child VALUES (70, 7, 'new child')");
        awaitEqual(SOURCE, "children after truncate in PostgreSQL", children, TARGET_PG, children);
        awaitEqual(SOURCE, "parents after truncate in PostgreSQL", "SELECT * FROM public.parent ORDER BY id", TARGET_PG,
                "SELECT * FROM public.parent ORDER BY id");
        awaitEqual(SOURCE, "children after truncate in MariaDB", children, TARGET_MARIADB,
                "SELECT id, parent_id, name FROM child ORDER BY id");
        assertThat(CONNECT.rest().taskState("fk-pg")).isEqualTo("RUNNING");
    }

    @Test
    void tablesAndColumnsWithDotsQuotesSpacesAndUnderscoresLandWhereTheyBelong() throws Exception {
        SOURCE.execute("CREATE SCHEMA \"odd.schema\"",
                "CREATE TABLE \"odd.schema\".\"we\"\"ird tab.le\" (id int PRIMARY KEY, \"__data\" text, \"col.dot\" text, "
                        + "\"Mixed Case\" int)",
                "INSERT INTO \"odd.schema\".\"we\"\"ird tab.le\" VALUES (1, 'kept', 'dot', 7), (2, '', NULL, NULL)",
                // a table whose name is a LIKE pattern of the other's: its columns must not be mixed in
                "CREATE TABLE public.a_b (id int PRIMARY KEY, v text)",
                "CREATE TABLE public.axb (id int PRIMARY KEY, other text, more text)",
                "INSERT INTO public.a_b VALUES (1, 'a_b')", "INSERT INTO public.axb VALUES (1, 'axb', 'x')");
        TARGET_PG.execute("CREATE TABLE public.axb (id int PRIMARY KEY, other text, more text)");
        TARGET_MARIADB.execute("CREATE TABLE axb (id int PRIMARY KEY, other text, more text)");
        Map<String, String> overrides = new LinkedHashMap<>();
        startPipeline("names", "odd\\.schema\\..*,public.a_b,public.axb", overrides);
        String odd = "SELECT id, \"__data\", \"col.dot\", \"Mixed Case\" FROM \"odd.schema\".\"we\"\"ird tab.le\" ORDER BY id";
        awaitEqual(SOURCE, "odd names in PostgreSQL", odd, TARGET_PG, odd);
        awaitEqual(SOURCE, "odd names in MariaDB", odd, TARGET_MARIADB,
                "SELECT id, `__data`, `col.dot`, `Mixed Case` FROM `we\"ird tab.le` ORDER BY id");
        SOURCE.execute("UPDATE \"odd.schema\".\"we\"\"ird tab.le\" SET \"__data\" = 'changed' WHERE id = 2",
                "INSERT INTO public.a_b VALUES (2, 'second')", "INSERT INTO public.axb VALUES (2, 'second', 'y')");
        awaitEqual(SOURCE, "odd names after update", odd, TARGET_PG, odd);
        awaitEqual(SOURCE, "a_b in PostgreSQL", "SELECT * FROM public.a_b ORDER BY id", TARGET_PG,
                "SELECT * FROM public.a_b ORDER BY id");
        awaitEqual(SOURCE, "axb in MariaDB", "SELECT * FROM public.axb ORDER BY id", TARGET_MARIADB,
                "SELECT * FROM axb ORDER BY id");
    }

    @Test
    void twoSchemasWithTheSameTableNameFailTheMySqlSinkNamingBoth() {
        SOURCE.execute("CREATE SCHEMA archive", "CREATE TABLE public.dup (id int PRIMARY KEY, v text)",
                "CREATE TABLE archive.dup (id int PRIMARY KEY, v text)", "INSERT INTO public.dup VALUES (1, 'public')",
                "INSERT INTO archive.dup VALUES (1, 'archive')");
        // The schema records name both tables before any row: the MariaDB sink fails at once.
        startPipeline("dup", "public.dup,archive.dup", Map.of(), Map.of(), false);
        await("MariaDB sink refuses to merge two tables").atMost(TIMEOUT)
                .until(() -> "FAILED".equals(CONNECT.rest().taskState("dup-mariadb")));
        assertThat(CONNECT.rest().taskTrace("dup-mariadb")).contains("public.dup").contains("archive.dup")
                .contains("table.name.format");
    }

    @Test
    void aBatchRolledBackAfterAddingAColumnIsRetriedRowByRowWithTheColumnAddedAgain() throws Exception {
        SOURCE.execute("CREATE TABLE public.evolve (id int PRIMARY KEY, qty int)",
                "INSERT INTO public.evolve VALUES (1, 1)");
        TARGET_PG.execute("CREATE TABLE public.evolve (id int PRIMARY KEY, qty int CHECK (qty >= 0))");
        startPipeline("evolve", "public.evolve", toleratingIntoDeadLetterQueue("evolve-dlq"));
        String rows = "SELECT id, qty FROM public.evolve ORDER BY id";
        awaitEqual(SOURCE, "evolve snapshot", rows, TARGET_PG, rows);
        SOURCE.execute("BEGIN; ALTER TABLE public.evolve ADD COLUMN note text; "
                + "INSERT INTO public.evolve SELECT i, CASE WHEN i = 5 THEN -1 ELSE i END, 'note ' || i "
                + "FROM generate_series(2, 10) i; COMMIT");
        String good = "SELECT id, qty, note FROM public.evolve WHERE qty >= 0 ORDER BY id";
        awaitEqual(SOURCE, "rows around the bad one in PostgreSQL", good, TARGET_PG,
                "SELECT id, qty, note FROM public.evolve ORDER BY id");
        assertThat(CONNECT.topics().awaitCount("evolve-dlq", 1, TIMEOUT)).hasSize(1);
        assertThat(CONNECT.rest().taskState("evolve-pg")).isEqualTo("RUNNING");
    }

    @Test
    void anUnchangedToastValueOfARenamedColumnKeepsItsValueWithoutFullBeforeImages() throws Exception {
        SOURCE.execute("CREATE TABLE public.toasty (id int PRIMARY KEY, big text, n int)",
                "ALTER TABLE public.toasty ALTER COLUMN big SET STORAGE EXTERNAL",
                "INSERT INTO public.toasty SELECT i, " + PipelineIT.BIG_TEXT + " || i, 0 FROM generate_series(1, 5) i");
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("transforms", "rename");
        sink.put("transforms.rename.type", "dev.ferry.transforms.RenameObjects");
        sink.put("transforms.rename.rules", "public.toasty.big -> payload");
        startPipeline("toasty", "public.toasty", sink, Map.of("replica.identity.full", "false"));
        String source = "SELECT id, md5(big), n FROM public.toasty ORDER BY id";
        String target = "SELECT id, md5(payload), n FROM public.toasty ORDER BY id";
        awaitEqual(SOURCE, "toasty snapshot", source, TARGET_PG, target);
        assertThat(SOURCE.queryValue("SELECT relreplident FROM pg_class WHERE oid = 'public.toasty'::regclass"))
                .isEqualTo("d");
        SOURCE.execute("UPDATE public.toasty SET n = n + 1");
        awaitEqual(SOURCE, "unchanged TOAST values in PostgreSQL", source, TARGET_PG, target);
        awaitEqual(SOURCE, "unchanged TOAST values in MariaDB", source, TARGET_MARIADB,
                "SELECT id, md5(payload), n FROM toasty ORDER BY id");
    }

    @Test
    void aKeyChangeWithoutFullBeforeImagesNeverWritesNullForAnUnknownToastValue() throws Exception {
        SOURCE.execute("CREATE TABLE public.rekey (id int PRIMARY KEY, big text, n int)",
                "ALTER TABLE public.rekey ALTER COLUMN big SET STORAGE EXTERNAL",
                "INSERT INTO public.rekey SELECT i, " + PipelineIT.BIG_TEXT + " || i, 0 FROM generate_series(1, 3) i");
        startPipeline("rekey", "public.rekey", toleratingIntoDeadLetterQueue("rekey-dlq"), Map.of("replica.identity.full", "false"));
        String rows = "SELECT id, md5(big), n FROM public.rekey ORDER BY id";
        awaitEqual(SOURCE, "rekey snapshot", rows, TARGET_PG, rows);
        SOURCE.execute("UPDATE public.rekey SET id = 101 WHERE id = 1", "UPDATE public.rekey SET n = 5 WHERE id = 2");
        // Row 2 keeps its value (the target has it); row 101's value is nowhere: a data error, not NULL.
        assertThat(CONNECT.topics().awaitCount("rekey-dlq", 1, TIMEOUT)).singleElement().satisfies(m ->
                assertThat(m.headers().get("__connect.errors.exception.message")).contains("101")
                        .contains("REPLICA IDENTITY FULL"));
        awaitEqual(SOURCE, "rows the target can complete", "SELECT id, md5(big), n FROM public.rekey WHERE id <> 101 "
                + "ORDER BY id", TARGET_PG, rows);
        assertThat(TARGET_PG.queryValue("SELECT count(*) FROM public.rekey WHERE big IS NULL")).isEqualTo("0");
        assertThat(CONNECT.rest().taskState("rekey-pg")).isEqualTo("RUNNING");
    }

    @Test
    void partitionsOfAPartitionedTablePublishedViaTheRootGetFullReplicaIdentity() throws Exception {
        SOURCE.execute("CREATE TABLE public.events (id int, year int, big text, n int, PRIMARY KEY (id, year)) "
                        + "PARTITION BY LIST (year)",
                "CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES IN (2025)",
                "CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES IN (2026) PARTITION BY LIST (id)",
                "CREATE TABLE public.events_2026_a PARTITION OF public.events_2026 DEFAULT",
                "ALTER TABLE public.events_2025 ALTER COLUMN big SET STORAGE EXTERNAL",
                "INSERT INTO public.events SELECT i, 2025 + i % 2, " + PipelineIT.BIG_TEXT + " || i, 0 "
                        + "FROM generate_series(1, 6) i");
        startPipeline("parts", "public.events", Map.of(), Map.of("publish.via.partition.root", "true"));
        assertThat(SOURCE.query("SELECT relname::text, relreplident::text FROM pg_class WHERE relname LIKE 'events_20%' "
                + "AND relkind = 'r' ORDER BY 1")).containsExactly(List.of("events_2025", "f"),
                List.of("events_2026_a", "f"));
        SOURCE.execute("UPDATE public.events SET n = n + 1");
        String rows = "SELECT id, year, md5(big), n FROM public.events ORDER BY id";
        awaitEqual(SOURCE, "partitioned table in PostgreSQL", rows, TARGET_PG, rows);
        awaitEqual(SOURCE, "partitioned table in MariaDB", rows, TARGET_MARIADB,
                "SELECT id, year, md5(big), n FROM events ORDER BY id");
    }

    @Test
    void aPasswordInTheConnectionUrlOrTheSourceConfigNeverShowsInLogsTracesOrValidation() throws Exception {
        String canary = "Canary-" + Long.toHexString(System.nanoTime());
        SOURCE.requirePasswords();
        TARGET_PG.requirePasswords();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(new TeeOutputStream(originalErr, captured), true));
        System.setOut(new PrintStream(new TeeOutputStream(originalOut, captured), true));
        try {
            SOURCE.execute("CREATE TABLE public.secret (id int PRIMARY KEY)", "INSERT INTO public.secret VALUES (1)",
                    "CREATE ROLE ferry_canary LOGIN REPLICATION PASSWORD '" + canary + "'");
            TARGET_PG.execute("CREATE ROLE ferry_canary LOGIN PASSWORD '" + canary + "'",
                    "GRANT ALL ON SCHEMA public TO ferry_canary");
            CONNECT.rest().putConnectorConfig("secret", ConnectorConfigs.ferrySource(SOURCE, "secret", "public.secret"));
            Map<String, String> sink = SinkConfigs.ferrySink("secret-pg", "secret\\..*",
                    TARGET_PG.jdbcUrl() + (TARGET_PG.jdbcUrl().contains("?") ? "&" : "?") + "password=" + canary,
                    "ferry_canary", null);
            sink.remove("connection.password");
            sink.put("connection.retry.window.ms", "2000");
            sink.put("error.retry.window.ms", "2000");
            sink.put("consumer.override.metadata.max.age.ms", "1000");
            // A wrong password in the URL: the precheck's error names the URL, masked.
            Map<String, String> wrong = new LinkedHashMap<>(sink);
            wrong.put("connection.url", TARGET_PG.jdbcUrl() + (TARGET_PG.jdbcUrl().contains("?") ? "&" : "?")
                    + "password=" + canary + "x");
            assertThat(ConnectRestClient.allValidationErrors(CONNECT.rest().validate(
                    DatabaseSinkConnector.class.getName(), wrong)).toString())
                    .contains("cannot connect").contains("password=****").doesNotContain(canary);
            // The right one, until the role may no longer log in: the task retries, then fails.
            CONNECT.rest().putConnectorConfig("secret-pg", sink);
            CONNECT.rest().awaitRunning("secret-pg", 1, TIMEOUT);
            TARGET_PG.execute("ALTER ROLE ferry_canary NOLOGIN",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'ferry_canary'");
            SOURCE.execute("INSERT INTO public.secret VALUES (2)");
            await("sink fails once it cannot log in").atMost(TIMEOUT)
                    .until(() -> "FAILED".equals(CONNECT.rest().taskState("secret-pg")));
            assertThat(CONNECT.rest().taskTrace("secret-pg")).doesNotContain(canary);

            // A source whose password is the canary: validated with a wrong one, then run with it.
            SOURCE.execute("GRANT CREATE ON DATABASE postgres TO ferry_canary",
                    "CREATE TABLE public.secret2 (id int PRIMARY KEY)", "ALTER TABLE public.secret2 OWNER TO ferry_canary",
                    "INSERT INTO public.secret2 VALUES (1)");
            Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "secret2", "public.secret2");
            source.put("database.user", "ferry_canary");
            source.put("heartbeat.interval.ms", "0");
            source.put("database.password", canary + "x");
            assertThat(ConnectRestClient.allValidationErrors(CONNECT.rest().validate(ConnectorConfigs.FERRY_SOURCE,
                    source)).toString()).contains("password authentication failed").doesNotContain(canary);
            source.put("database.password", canary);
            CONNECT.rest().putConnectorConfig("secret2", source);
            CONNECT.rest().awaitRunning("secret2", 1, TIMEOUT);
            CONNECT.topics().awaitCount("secret2.public.secret2", 2, TIMEOUT);
            assertThat(CONNECT.rest().status("secret2").toString()).doesNotContain(canary);
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("secret-pg");
        int at = log.indexOf(canary);
        assertThat(at).as("the canary password in the worker log: %s",
                at < 0 ? "" : log.substring(Math.max(0, at - 300), Math.min(log.length(), at + 100))).isNegative();
    }

    /** Writes to two streams, to capture the worker log while it still reaches the console. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }

    /** Sink overrides that send bad records to {@code topic} (suffixed per target), with the error in its headers. */
    private static Map<String, String> toleratingIntoDeadLetterQueue(String topic) {
        return Map.of("errors.tolerance", "all", "errors.deadletterqueue.topic.name", topic,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true");
    }

    /** Starts a Ferry source on {@code tables} and a sink into each target, both with {@code sinkOverrides}. */
    private static void startPipeline(String name, String tables, Map<String, String> sinkOverrides) {
        startPipeline(name, tables, sinkOverrides, Map.of());
    }

    private static void startPipeline(String name, String tables, Map<String, String> sinkOverrides,
            Map<String, String> sourceOverrides) {
        startPipeline(name, tables, sinkOverrides, sourceOverrides, true);
    }

    /** With {@code awaitMariaDb} false, the MariaDB sink may fail as soon as it starts. */
    private static void startPipeline(String name, String tables, Map<String, String> sinkOverrides,
            Map<String, String> sourceOverrides, boolean awaitMariaDb) {
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, name, tables);
        source.putAll(sourceOverrides);
        CONNECT.rest().putConnectorConfig(name, source);
        CONNECT.rest().awaitRunning(name, 1, TIMEOUT);
        String topics = java.util.regex.Pattern.quote(name) + "\\..*";
        for (Object target : List.of(TARGET_PG, TARGET_MARIADB)) {
            boolean pg = target == TARGET_PG;
            String sink = name + (pg ? "-pg" : "-mariadb");
            Map<String, String> config = SinkConfigs.ferrySink(sink, topics,
                    pg ? TARGET_PG.jdbcUrl() : TARGET_MARIADB.jdbcUrl(), pg ? PostgresExtension.USER : MariaDbExtension.USER,
                    pg ? PostgresExtension.PASSWORD : MariaDbExtension.PASSWORD);
            // A pattern subscription sees new topics at its next metadata refresh: make that soon.
            config.put("consumer.override.metadata.max.age.ms", "1000");
            config.putAll(sinkOverrides);
            if (config.containsKey("errors.deadletterqueue.topic.name")) {
                config.put("errors.deadletterqueue.topic.name", config.get("errors.deadletterqueue.topic.name")
                        + (pg ? "" : "-mariadb"));
            }
            CONNECT.rest().putConnectorConfig(sink, config);
        }
        CONNECT.rest().awaitRunning(name + "-pg", 1, TIMEOUT);
        if (awaitMariaDb) {
            CONNECT.rest().awaitRunning(name + "-mariadb", 1, TIMEOUT);
        }
    }
}
