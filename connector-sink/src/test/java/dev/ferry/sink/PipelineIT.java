package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TableDigest;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ferry source → Kafka → Ferry sink into PostgreSQL and MariaDB at once: a 100k-row snapshot,
 * then a live mixed workload, must end with target rows equal to source rows.
 */
class PipelineIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String BIG_TEXT = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 3200) i)";

    static final String SOURCE_ORDERS = "SELECT id, amount, note, created AT TIME ZONE 'UTC', day, active, doc, uid, "
            + "blob, tags, big, counter FROM public.orders ORDER BY id";
    static final String PG_ORDERS = SOURCE_ORDERS;
    static final String MARIADB_ORDERS = "SELECT id, amount, note, created, day, active, doc, uid, `blob`, tags, big, "
            + "counter FROM orders ORDER BY id";

    static void createSourceTables(PostgresExtension pg, int rows) {
        pg.execute("""
                CREATE TABLE public.orders (
                  id bigint PRIMARY KEY,
                  amount numeric(20,6),
                  note text,
                  created timestamptz,
                  day date,
                  active boolean,
                  doc jsonb,
                  uid uuid,
                  blob bytea,
                  tags int[],
                  big text,
                  counter int)""",
                "ALTER TABLE public.orders ALTER COLUMN big SET STORAGE EXTERNAL",
                "INSERT INTO public.orders SELECT i, i * 1000.123456, 'note ' || i || ' \u00e9\uD83D\uDE80', "
                        + "timestamptz '2024-01-01 00:00:00.123456+00' + i * interval '1 minute', "
                        + "date '2020-01-01' + (i % 3000), i % 2 = 0, jsonb_build_object('i', i, 'tags', "
                        + "jsonb_build_array(i, 'x')), md5(i::text)::uuid, decode(md5(i::text), 'hex'), "
                        + "ARRAY[i, i + 1], NULL, 0 FROM generate_series(1, " + rows + ") i",
                "UPDATE public.orders SET big = " + BIG_TEXT + " || id WHERE id <= 20",
                "CREATE TABLE public.events (id int PRIMARY KEY, what text)",
                "INSERT INTO public.events SELECT i, 'event ' || i FROM generate_series(1, 100) i");
    }

    /** Inserts, updates, deletes, key changes, a key's whole life inside one transaction, TOAST, truncate. */
    static void runWorkload(PostgresExtension pg, int rows) {
        pg.execute(
                "INSERT INTO public.orders (id, amount, note, created, tags, counter) SELECT i, i, 'live ' || i, "
                        + "now(), ARRAY[]::int[], 1 FROM generate_series(" + (rows + 1) + ", " + (rows + 2000) + ") i",
                "UPDATE public.orders SET counter = counter + 1, note = note || ' \u2713' WHERE id % 7 = 0 AND id <= 20000",
                "DELETE FROM public.orders WHERE id % 11 = 0 AND id <= 20000",
                "UPDATE public.orders SET id = id + 10000000 WHERE id % 13 = 0 AND id <= 5000",
                "BEGIN; INSERT INTO public.orders (id, note) VALUES (5000001, 'first'); "
                        + "UPDATE public.orders SET note = 'second' WHERE id = 5000001; "
                        + "DELETE FROM public.orders WHERE id = 5000001; "
                        + "INSERT INTO public.orders (id, note, counter) VALUES (5000001, 'reborn', 3); COMMIT",
                "UPDATE public.orders SET counter = 99 WHERE big IS NOT NULL",
                "UPDATE public.orders SET doc = NULL, tags = NULL, blob = NULL WHERE id BETWEEN 100 AND 110",
                "TRUNCATE public.events",
                "INSERT INTO public.events SELECT i, 'after truncate ' || i FROM generate_series(1, 10) i");
    }

    @Test
    void snapshotAndLiveWorkloadEndWithTargetsEqualToTheSource() throws Exception {
        int rows = 100_000;
        createSourceTables(SOURCE, rows);
        CONNECT.rest().putConnectorConfig("e2e", ConnectorConfigs.ferrySource(SOURCE, "e2e",
                "public.orders,public.events"));
        // A pattern subscription sees new topics only at its next metadata refresh; start the sinks once
        // the source has created its topics, as an operator would.
        CONNECT.topics().awaitMessages("e2e.public.events", TIMEOUT, m -> !m.isEmpty());
        CONNECT.topics().awaitMessages("e2e.public.orders", TIMEOUT, m -> !m.isEmpty());
        String topics = "e2e\\.public\\..*";
        CONNECT.rest().putConnectorConfig("to-pg", SinkConfigs.ferrySink("to-pg", topics, TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD));
        CONNECT.rest().putConnectorConfig("to-mariadb", SinkConfigs.ferrySink("to-mariadb", topics,
                TARGET_MARIADB.jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD));
        CONNECT.rest().awaitRunning("to-pg", 1, TIMEOUT);
        CONNECT.rest().awaitRunning("to-mariadb", 1, TIMEOUT);

        awaitEqual("orders snapshot in PostgreSQL", SOURCE_ORDERS, TARGET_PG, PG_ORDERS);
        runWorkload(SOURCE, rows);

        awaitEqual("orders in PostgreSQL", SOURCE_ORDERS, TARGET_PG, PG_ORDERS);
        awaitEqual("events in PostgreSQL", "SELECT * FROM public.events ORDER BY id", TARGET_PG,
                "SELECT * FROM public.events ORDER BY id");
        awaitEqual("orders in MariaDB", SOURCE_ORDERS, TARGET_MARIADB, MARIADB_ORDERS);
        awaitEqual("events in MariaDB", "SELECT * FROM public.events ORDER BY id", TARGET_MARIADB,
                "SELECT * FROM events ORDER BY id");
        assertThat(CONNECT.rest().taskState("to-pg")).isEqualTo("RUNNING");
        assertThat(CONNECT.rest().taskState("to-mariadb")).isEqualTo("RUNNING");

        // The worker runs in this JVM, so its task MBeans are on the platform MBean server.
        ObjectName metrics = new ObjectName("dev.ferry:type=sink-task,connector=\"to-pg\",task=0");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertThat((Long) server.getAttribute(metrics, "RowsApplied")).isGreaterThanOrEqualTo(rows);
        assertThat((Long) server.getAttribute(metrics, "Flushes")).isPositive();
        await("heartbeat latency measured").atMost(TIMEOUT)
                .until(() -> (Long) server.getAttribute(metrics, "HeartbeatLatencyMillis"), latency -> latency >= 0);
        assertThat((Long) server.getAttribute(metrics, "SourceLatencyMillis")).isNotNegative();
    }

    private static void awaitEqual(String what, String sourceSql, Object target, String targetSql) throws SQLException {
        awaitEqual(SOURCE, what, sourceSql, target, targetSql);
    }

    /** Waits until the target query's rows equal the source query's rows (compared by checksum). */
    static void awaitEqual(PostgresExtension source, String what, String sourceSql, Object target, String targetSql)
            throws SQLException {
        List<String> expected = digest(source, sourceSql);
        await(what).atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
            List<String> actual = digest(target, targetSql);
            assertThat(actual).as(what).hasSameSizeAs(expected);
            assertThat(TableDigest.checksum(actual)).as(what + " checksum; first difference: %s",
                    firstDifference(expected, actual)).isEqualTo(TableDigest.checksum(expected));
        });
    }

    static List<String> digest(Object database, String sql) throws SQLException {
        try (Connection connection = database instanceof PostgresExtension pg ? pg.connect()
                : ((MariaDbExtension) database).connect()) {
            return TableDigest.rows(connection, sql);
        }
    }

    static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "row " + i + "\n expected " + abbreviate(expected.get(i)) + "\n actual   " + abbreviate(actual.get(i));
            }
        }
        return "sizes " + expected.size() + " vs " + actual.size();
    }

    private static String abbreviate(String row) {
        return row.length() > 400 ? row.substring(0, 400) + "…" : row;
    }

}
