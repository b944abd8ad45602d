package dev.ferry.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.ExternalConnectWorker;
import dev.ferry.testsupport.KafkaExtension;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TableDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker running Ferry's source and both sinks is SIGKILLed at random moments of the snapshot
 * while the source deletes, re-keys and inserts rows. Each restart resumes the chunked snapshot
 * with the chunks not yet delivered, read at a later point than the slot's; the targets must
 * still end equal to the source, with no row left behind that an earlier attempt copied and the
 * source then deleted. {@code -Dferry.chaos.seed=N} reruns a seed.
 */
class SnapshotCrashIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @TempDir
    static Path tempDir;

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int ROWS = 20_000;
    private static final int KILLS = 2;

    @Test
    void killsDuringTheSnapshotWhileRowsAreDeletedAndRekeyedLeaveBothTargetsEqualToTheSource() throws Exception {
        long seed = Long.getLong("ferry.chaos.seed", System.nanoTime());
        System.out.println("SnapshotCrashIT seed " + seed + " (rerun with -Dferry.chaos.seed=" + seed + ")");
        Random random = new Random(seed);
        SOURCE.execute("CREATE TABLE public.snap (id bigint PRIMARY KEY, v text, n int)",
                "INSERT INTO public.snap SELECT i, md5(i::text), 0 FROM generate_series(1, " + ROWS + ") i",
                "ANALYZE public.snap");
        Path workDir = Files.createDirectories(tempDir.resolve("snap"));
        Path pluginPath = Path.of(System.getProperty("ferry.plugin.path"));

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> workloadError = new AtomicReference<>();
        Thread workload = new Thread(() -> runWorkload(new Random(seed + 1), writing, workloadError), "source-workload");

        ExternalConnectWorker worker = worker(pluginPath, workDir).start();
        createConnectors(worker);
        workload.start();
        long atLastKill = -1;
        for (int kill = 1; kill <= KILLS; kill++) {
            // Each attempt must have delivered rows before it dies, or there is nothing to leave behind: wait
            // until the target moves (a restarted snapshot truncates, then fills it again), then a moment more.
            long previous = atLastKill;
            await("attempt " + kill + " delivering rows").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> targetRows() > 500 && Math.abs(targetRows() - previous) > 500);
            if (kill == 1) {
                // The first attempt must have committed chunk progress, or the restart has nothing to resume.
                ExternalConnectWorker running = worker;
                await("chunk progress committed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                        .until(() -> committedChunkProgress(running));
            }
            long delay = random.nextInt(3000);
            Thread.sleep(delay);
            atLastKill = targetRows();
            System.out.println("SnapshotCrashIT kill " + kill + " " + delay + " ms into delivery; target rows " + atLastKill);
            worker.kill();
            worker = worker(pluginPath, workDir).start();
        }
        try (ExternalConnectWorker last = worker) {
            Thread.sleep(3000);
            writing.set(false);
            workload.join();
            assertThat(workloadError.get()).as("workload").isNull();
            String rows = "SELECT id, v, n FROM public.snap ORDER BY id";
            List<String> expected = digest(SOURCE.connect(), rows);
            await("PostgreSQL target equal to the source").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().until(() -> digest(TARGET_PG.connect(), rows).equals(expected));
            await("MariaDB target equal to the source").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().until(() -> digest(TARGET_MARIADB.connect(), "SELECT id, v, n FROM snap ORDER BY id")
                            .equals(expected));
            assertThat(resumedAttempts(workDir)).as("attempts that resumed with chunks delivered before").isPositive();
            assertThat(last.rest().taskState("snap-pg")).isEqualTo("RUNNING");
            assertThat(last.rest().taskState("snap-mariadb")).isEqualTo("RUNNING");
        }
    }

    private static void createConnectors(ExternalConnectWorker worker) {
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "snap", "public.snap");
        source.put("snapshot.max.rows.per.second", "3000");
        source.put("snapshot.chunk.rows", "500");
        worker.rest().putConnectorConfig("snap", source);
        for (boolean pg : new boolean[] {true, false}) {
            Map<String, String> sink = new LinkedHashMap<>();
            sink.put("connector.class", "dev.ferry.sink.DatabaseSinkConnector");
            sink.put("tasks.max", "1");
            sink.put("topics", "snap.public.snap");
            sink.put("connection.url", pg ? TARGET_PG.jdbcUrl() : TARGET_MARIADB.jdbcUrl());
            sink.put("connection.user", pg ? PostgresExtension.USER : MariaDbExtension.USER);
            sink.put("connection.password", pg ? PostgresExtension.PASSWORD : MariaDbExtension.PASSWORD);
            sink.put("retry.backoff.ms", "500");
            worker.rest().putConnectorConfig(pg ? "snap-pg" : "snap-mariadb", sink);
        }
    }

    /** Deletes, key changes, updates and inserts on random rows, a few transactions a second. */
    private static void runWorkload(Random random, AtomicBoolean writing, AtomicReference<Throwable> error) {
        long nextId = ROWS + 1;
        try (Connection connection = SOURCE.connect(); Statement statement = connection.createStatement()) {
            while (writing.get()) {
                long id = 1 + random.nextInt(ROWS);
                switch (random.nextInt(4)) {
                    case 0 -> statement.execute("DELETE FROM public.snap WHERE id BETWEEN " + id + " AND " + (id + 20));
                    case 1 -> statement.execute("UPDATE public.snap SET id = id + 1000000 WHERE id BETWEEN " + id
                            + " AND " + (id + 10) + " AND id < 1000000");
                    case 2 -> statement.execute("UPDATE public.snap SET n = n + 1, v = 'u' || n WHERE id % 97 = "
                            + random.nextInt(97));
                    default -> {
                        statement.execute("INSERT INTO public.snap SELECT i, 'new', 0 FROM generate_series(" + nextId
                                + ", " + (nextId + 9) + ") i");
                        nextId += 10;
                    }
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            error.set(e);
        }
    }

    /** Whether the source's committed offsets name a delivered snapshot chunk. */
    private static boolean committedChunkProgress(ExternalConnectWorker worker) {
        for (var offset : worker.rest().offsets("snap").path("offsets")) {
            if (offset.path("offset").path("chunks").asText("").matches(".*=[0-9]+x[0-9]+:[0-9].*")) {
                return true;
            }
        }
        return false;
    }

    /** How many workers' logs show a snapshot that resumed after chunks an earlier attempt delivered. */
    private static long resumedAttempts(Path workDir) throws Exception {
        Path kept = Files.createDirectories(Path.of("target", "snapshot-crash-logs"));
        try (var logs = Files.list(workDir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("worker-")).toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (var logs = Files.list(workDir)) {
            return logs.filter(p -> p.getFileName().toString().startsWith("worker-")).filter(p -> {
                try {
                    return Files.readString(p).lines().anyMatch(l -> l.matches(".*chunk\\(s\\) \\([1-9][0-9]* delivered before\\).*"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
        }
    }

    /** Rows in the PostgreSQL target, or -1 before the sink has created the table. */
    private static long targetRows() {
        try {
            return Long.parseLong(TARGET_PG.queryValue("SELECT count(*) FROM public.snap"));
        } catch (IllegalStateException notYet) {
            return -1;
        }
    }

    private static List<String> digest(Connection connection, String sql) throws Exception {
        try (connection) {
            return TableDigest.rows(connection, sql);
        }
    }

    private static ExternalConnectWorker worker(Path pluginPath, Path workDir) {
        return new ExternalConnectWorker(KAFKA.bootstrapServers(), pluginPath, workDir, "ferry-snap")
                .withProperty("scheduled.rebalance.max.delay.ms", "0");
    }
}
