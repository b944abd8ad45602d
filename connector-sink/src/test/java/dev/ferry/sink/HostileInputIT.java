package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TopicReader.Message;
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
    void infiniteTimestampsReplicateToPostgresAndAreDeadLetteredOnMariaDb() throws Exception {
        SOURCE.execute("CREATE TABLE public.forever (id int PRIMARY KEY, ts timestamp, tstz timestamptz, d date)",
                "INSERT INTO public.forever VALUES (1, '2024-05-01 10:00:00.5', '2024-05-01 10:00:00.5+02', '2024-05-01'),"
                        + " (2, 'infinity', 'infinity', 'infinity'), (3, '-infinity', '-infinity', '-infinity'),"
                        + " (4, NULL, NULL, NULL)");
        startPipeline("forever", "public.forever", Map.of("errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "forever-dlq", "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));
        SOURCE.execute("INSERT INTO public.forever VALUES (5, 'infinity', '-infinity', '2030-01-01')",
                "INSERT INTO public.forever VALUES (6, '-infinity', 'infinity', '-infinity')",
                "UPDATE public.forever SET ts = 'infinity' WHERE id = 1");
        String rows = "SELECT id, ts::text, tstz::text, d::text FROM public.forever ORDER BY id";
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
        startPipeline("strict", "public.forever_strict", Map.of());
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
        startPipeline("dup", "public.dup,archive.dup", Map.of());
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
        startPipeline("evolve", "public.evolve", Map.of("errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "evolve-dlq", "errors.deadletterqueue.topic.replication.factor", "1"));
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

    /** Starts a Ferry source on {@code tables} and a sink into each target, both with {@code sinkOverrides}. */
    private static void startPipeline(String name, String tables, Map<String, String> sinkOverrides) {
        CONNECT.rest().putConnectorConfig(name, ConnectorConfigs.ferrySource(SOURCE, name, tables));
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
        CONNECT.rest().awaitRunning(name + "-mariadb", 1, TIMEOUT);
    }
}
