package dev.ferry.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.ExternalConnectWorker;
import dev.ferry.testsupport.KafkaExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry source and sink from the plugin archive in a worker JVM that is killed with SIGKILL while
 * the sink is mid-way through applying a snapshot. After a new worker takes over, the target must
 * equal the source; with exactly.once=true even plain INSERTs never meet an already-applied row.
 * (An upserting sink killed at random moments, with and without exactly.once, is {@link ChaosIT}'s.)
 */
class SinkCrashIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @TempDir
    static Path tempDir;

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int ROWS = 30_000;

    @Test
    void exactlyOnceInsertSinkKilledMidFlushNeverHitsADuplicateKey() throws Exception {
        killMidFlushAndCompare("eos", Map.of("exactly.once", "true", "insert.mode", "insert"));
        assertThat(TARGET.queryValue("SELECT count(*) FROM ferry_sink_offsets WHERE connector = 'eos-sink'"))
                .isEqualTo("1");
    }

    private void killMidFlushAndCompare(String name, Map<String, String> sinkOverrides) throws Exception {
        String table = "crash_" + name;
        SOURCE.execute("CREATE TABLE public." + table + " (id bigint PRIMARY KEY, v text)",
                "INSERT INTO public." + table + " SELECT i, md5(i::text) FROM generate_series(1, " + ROWS + ") i");
        Path workDir = Files.createDirectories(tempDir.resolve(name));
        Path pluginPath = Path.of(System.getProperty("ferry.plugin.path"));

        ExternalConnectWorker first = worker(pluginPath, workDir, name).start();
        ConnectRestClient rest = first.rest();
        rest.putConnectorConfig(name, ConnectorConfigs.ferrySource(SOURCE, name, "public." + table));
        // The crash is meant for the sink: let the source commit offsets past its snapshot first, so
        // the restarted source streams on instead of snapshotting (and re-emitting) the table again.
        await("source " + name + " streaming with committed offsets").atMost(TIMEOUT).ignoreExceptions()
                .until(() -> {
                    // Debezium's partition among Ferry's (snapshot chunks, the selection).
                    for (var entry : rest.offsets(name).path("offsets")) {
                        var offset = entry.path("offset");
                        if (offset.has("lsn") && !offset.has("snapshot")) {
                            return true;
                        }
                    }
                    return false;
                });
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", "dev.ferry.sink.DatabaseSinkConnector");
        sink.put("tasks.max", "1");
        sink.put("topics", name + ".public." + table);
        sink.put("connection.url", TARGET.jdbcUrl());
        sink.put("connection.user", PostgresExtension.USER);
        sink.put("connection.password", PostgresExtension.PASSWORD);
        // Slow enough that the kill lands in the middle of the snapshot's apply.
        sink.put("max.rows.per.second", "3000");
        sink.putAll(sinkOverrides);
        rest.putConnectorConfig(name + "-sink", sink);

        String count = "SELECT count(*) FROM public." + table;
        await("sink mid-way").atMost(TIMEOUT).ignoreExceptions()
                .until(() -> Long.parseLong(TARGET.queryValue(count)) > 3000);
        first.kill();
        long atKill = Long.parseLong(TARGET.queryValue(count));
        assertThat(atKill).as("killed mid-flush").isLessThan(ROWS);

        try (ExternalConnectWorker second = worker(pluginPath, workDir, name).start()) {
            String rows = "SELECT id, v FROM public." + table + " ORDER BY id";
            await(table + " equal in target").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        String state = second.rest().taskState(name + "-sink");
                        assertThat(state).as(second.rest().status(name + "-sink").toString()).isNotEqualTo("FAILED");
                        return TARGET.query(rows).equals(SOURCE.query(rows));
                    });
            assertThat(second.rest().taskState(name + "-sink")).isEqualTo("RUNNING");
        }
    }

    /**
     * A sink worker killed with SIGKILL right after it applied DDL records, before it committed its
     * consumer offsets (flushed every 10 minutes here): the new worker delivers every record again,
     * rows that name the renamed and the dropped column included, and the DDL records; the replay
     * does not fail, and the target ends with the source's columns and rows.
     */
    @Test
    void aSinkKilledRightAfterDdlReplaysWithoutFailingAndConverges() throws Exception {
        SOURCE.execute("CREATE TABLE public.crash_ddl (id bigint PRIMARY KEY, name text, note text)",
                "INSERT INTO public.crash_ddl SELECT i, 'n' || i, 'x' FROM generate_series(1, 100) i");
        Path pluginPath = Path.of(System.getProperty("ferry.plugin.path"));
        Path workDir = Files.createDirectories(tempDir.resolve("ddl"));
        try (ExternalConnectWorker sourceWorker = worker(pluginPath, Files.createDirectories(workDir.resolve("source")),
                "ddl-source").start()) {
            sourceWorker.rest().putConnectorConfig("ddl", ConnectorConfigs.ferrySource(SOURCE, "ddl",
                    "public.crash_ddl"));
            Path sinkDir = Files.createDirectories(workDir.resolve("sink"));
            ExternalConnectWorker sinkWorker = worker(pluginPath, sinkDir, "ddl-sink")
                    .withProperty("offset.flush.interval.ms", "600000").start();
            Map<String, String> sink = new LinkedHashMap<>();
            sink.put("connector.class", "dev.ferry.sink.DatabaseSinkConnector");
            sink.put("tasks.max", "1");
            sink.put("topics", "ddl.public.crash_ddl");
            sink.put("connection.url", TARGET.jdbcUrl());
            sink.put("connection.user", PostgresExtension.USER);
            sink.put("connection.password", PostgresExtension.PASSWORD);
            sinkWorker.rest().putConnectorConfig("ddl-sink", sink);
            await("the snapshot applied").atMost(TIMEOUT).ignoreExceptions()
                    .until(() -> TARGET.queryValue("SELECT count(*) FROM public.crash_ddl").equals("100"));

            SOURCE.execute("UPDATE public.crash_ddl SET name = 'updated ' || id, note = 'y' WHERE id <= 10",
                    "ALTER TABLE public.crash_ddl RENAME COLUMN name TO title",
                    "ALTER TABLE public.crash_ddl DROP COLUMN note",
                    "ALTER TABLE public.crash_ddl ADD COLUMN state text NOT NULL DEFAULT 'new'",
                    "INSERT INTO public.crash_ddl (id, title, state) SELECT i, 't' || i, 'fresh' "
                            + "FROM generate_series(101, 150) i");
            await("the DDL applied").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> TARGET.queryValue("SELECT count(*) FROM information_schema.columns WHERE "
                            + "table_name = 'crash_ddl' AND column_name = 'state'").equals("1"));
            sinkWorker.kill();

            try (ExternalConnectWorker second = worker(pluginPath, sinkDir, "ddl-sink")
                    .withProperty("offset.flush.interval.ms", "600000").start()) {
                String rows = "SELECT id, title, state FROM public.crash_ddl ORDER BY id";
                String columns = "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'crash_ddl' "
                        + "ORDER BY ordinal_position";
                await("crash_ddl equal in target").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            String state = second.rest().taskState("ddl-sink");
                            assertThat(state).as(second.rest().status("ddl-sink").toString()).isNotEqualTo("FAILED");
                            try {
                                return TARGET.query(rows).equals(SOURCE.query(rows));
                            } catch (IllegalStateException replayingOlderShape) {
                                // The replay passes the records from before the DDL again; while it does,
                                // the target may lack the column added later (seen once in CI).
                                return false;
                            }
                        });
                assertThat(TARGET.query(columns)).as("the target's columns after the replay")
                        .isEqualTo(SOURCE.query(columns));
                assertThat(second.rest().taskState("ddl-sink")).isEqualTo("RUNNING");
            }
        }
    }

    private static ExternalConnectWorker worker(Path pluginPath, Path workDir, String name) {
        return new ExternalConnectWorker(KAFKA.bootstrapServers(), pluginPath, workDir, "ferry-" + name)
                .withProperty("scheduled.rebalance.max.delay.ms", "0");
    }
}
