package dev.ferry.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.KafkaExtension;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TableDigest;
import dev.ferry.testsupport.chaos.ChangeHistory;
import dev.ferry.testsupport.chaos.ConnectCluster;
import dev.ferry.testsupport.chaos.DuplicateChanges;
import dev.ferry.testsupport.chaos.FaultSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite: Ferry's source and two sinks (PostgreSQL with {@code tasks.max=3}, MariaDB with
 * 2, both with {@code exactly.once=true} or both without, as the schedule says) on a cluster of three worker JVMs, over a three-partition topic, while the source inserts,
 * updates, deletes and re-keys rows from the snapshot on. Each seed's {@link FaultSchedule} kills,
 * freezes or adds workers, restarts the source database or the broker, takes the target down,
 * pauses or reconfigures connectors. After the pipeline drains, both targets must equal the source
 * row for row, no task may have failed, and a {@code read_committed} consumer of the topic must see
 * no change twice (the workers run with exactly-once source support).
 *
 * <p>CI runs seeds 0..7, one of each fault kind first ({@code -Dferry.chaos.schedules=N} for more; the {@code chaos} Maven
 * profile runs 100); {@code -Dferry.chaos.seeds=7,42} reruns given seeds exactly.
 */
class ChaosIT {

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

    private static final int WORKERS = 3;
    private static final int ROWS = 6000;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);

    private static ConnectCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new ConnectCluster(KAFKA.bootstrapServers(), Path.of(System.getProperty("ferry.plugin.path")),
                tempDir, "ferry-chaos").start(WORKERS);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Stream<Long> seeds() {
        String seeds = System.getProperty("ferry.chaos.seeds", "");
        if (!seeds.isBlank()) {
            return Arrays.stream(seeds.split(",")).map(String::trim).map(Long::valueOf);
        }
        return LongStream.range(0, Long.getLong("ferry.chaos.schedules", 8)).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFaultScheduleEndsWithBothTargetsEqualToTheSourceAndNoDuplicateChange(long seed) throws Exception {
        FaultSchedule schedule = FaultSchedule.of(seed, WORKERS);
        System.out.println("ChaosIT " + schedule + " (rerun with -Dferry.chaos.seeds=" + seed + ")");
        Pipeline pipeline = new Pipeline(seed, schedule.sinkExactlyOnce());
        try {
            pipeline.create();
            Workload workload = new Workload(pipeline.table, new Random(seed + 1));
            Thread writer = new Thread(workload, "chaos-workload-" + seed);
            long started = System.currentTimeMillis();
            writer.start();
            List<Integer> joined = new ArrayList<>();
            for (FaultSchedule.Step step : schedule.faults()) {
                Thread.sleep(Math.max(0, started + step.atMillis() - System.currentTimeMillis()));
                System.out.println("ChaosIT seed " + seed + ": " + step);
                apply(step, pipeline, joined);
            }
            Thread.sleep(Math.max(0, started + FaultSchedule.WORKLOAD_MILLIS - System.currentTimeMillis()));
            workload.stop();
            writer.join();
            long stopped = System.currentTimeMillis();

            pipeline.awaitTargetsEqualToTheSource();
            long drained = System.currentTimeMillis();
            assertThat(DuplicateChanges.in(KAFKA.topics().readAll(pipeline.topic(), true)))
                    .as("changes a read_committed consumer sees twice").isEmpty();
            System.out.printf("ChaosIT seed %d: writes stopped after %d ms, targets equal %d ms later, no duplicate "
                    + "(%d ms)%n", seed, stopped - started, drained - stopped, System.currentTimeMillis() - drained);
            for (int index : joined) {
                cluster.leave(index);
            }
        } catch (Throwable failure) {
            keepWorkerLogs(seed);
            throw failure;
        } finally {
            pipeline.delete();
        }
    }

    private static void apply(FaultSchedule.Step step, Pipeline pipeline, List<Integer> joined) throws Exception {
        Duration heal = Duration.ofMillis(step.forMillis());
        switch (step.fault()) {
            case KILL_WORKER -> {
                cluster.kill(step.target());
                Thread.sleep(heal.toMillis());
                cluster.restart(step.target());
            }
            case FREEZE_WORKER -> {
                cluster.freeze(step.target());
                Thread.sleep(heal.toMillis());
                cluster.thaw(step.target());
            }
            case RESTART_SOURCE -> {
                SOURCE.pause();
                Thread.sleep(heal.toMillis());
                SOURCE.start();
            }
            case RESTART_BROKER -> KAFKA.restartBroker(heal);
            case TARGET_OUTAGE -> {
                TARGET_PG.pause();
                Thread.sleep(heal.toMillis());
                TARGET_PG.start();
            }
            case PAUSE_RESUME -> {
                String connector = pipeline.connectors().get(step.target() % 3);
                withRest("pause " + connector, rest -> rest.pauseConnector(connector));
                Thread.sleep(heal.toMillis());
                withRest("resume " + connector, rest -> rest.resumeConnector(connector));
            }
            case RECONFIGURE -> pipeline.reconfigureSink(step.target() % 2 == 0);
            case WORKER_JOINS -> joined.add(cluster.join());
        }
    }

    /** A REST call retried while the cluster rebalances or a request meets a worker that just died. */
    private static void withRest(String what, java.util.function.Consumer<ConnectRestClient> call) {
        await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    call.accept(cluster.rest());
                    return true;
                });
    }

    private static void keepWorkerLogs(long seed) throws Exception {
        Path kept = Path.of("target", "chaos-logs", "seed-" + seed);
        if (Files.exists(kept)) {
            try (Stream<Path> old = Files.walk(kept)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(kept);
        try (Stream<Path> logs = Files.walk(cluster.workDir())) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, kept.resolve(log.getParent().getFileName() + "-" + log.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("ChaosIT seed " + seed + " failed; worker logs in " + kept.toAbsolutePath());
    }

    /** One seed's table, source connector and two sinks; every name carries the seed. */
    private static final class Pipeline {

        final String name;
        final String table;
        final boolean sinkExactlyOnce;
        final Map<String, Integer> sinkTasks = new LinkedHashMap<>();

        Pipeline(long seed, boolean sinkExactlyOnce) {
            this.name = "chaos" + seed;
            this.table = "chaos_" + seed;
            this.sinkExactlyOnce = sinkExactlyOnce;
            sinkTasks.put(name + "-pg", 3);
            sinkTasks.put(name + "-mariadb", 2);
        }

        String topic() {
            return name + ".public." + table;
        }

        List<String> connectors() {
            return List.of(name, name + "-pg", name + "-mariadb");
        }

        void create() {
            SOURCE.execute("CREATE TABLE public." + table + " (id bigint PRIMARY KEY, v text, n int)",
                    "INSERT INTO public." + table + " SELECT i, md5(i::text), 0 FROM generate_series(1, " + ROWS + ") i");
            Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, name, "public." + table);
            source.put("topic.creation.default.partitions", "3");
            // A snapshot of a few seconds, so early faults land in it.
            source.put("snapshot.max.rows.per.second", "2000");
            source.put("snapshot.chunk.rows", "500");
            // Kafka transactions end with snapshot chunks (and streamed batches), so no chunk is committed in part.
            source.put("transaction.boundary", "connector");
            withRest("create " + name, rest -> rest.putConnectorConfig(name, source));
            for (String sink : sinkTasks.keySet()) {
                withRest("create " + sink, rest -> rest.putConnectorConfig(sink, sinkConfig(sink)));
            }
        }

        Map<String, String> sinkConfig(String sink) {
            boolean pg = sink.endsWith("-pg");
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "dev.ferry.sink.DatabaseSinkConnector");
            config.put("tasks.max", Integer.toString(sinkTasks.get(sink)));
            config.put("topics", topic());
            config.put("connection.url", pg ? TARGET_PG.jdbcUrl() : TARGET_MARIADB.jdbcUrl());
            config.put("connection.user", pg ? PostgresExtension.USER : MariaDbExtension.USER);
            config.put("connection.password", pg ? PostgresExtension.PASSWORD : MariaDbExtension.PASSWORD);
            config.put("retry.backoff.ms", "500");
            if (sinkExactlyOnce) {
                config.put("exactly.once", "true");
            }
            return config;
        }

        /** Changes a sink's task count (3 ↔ 2): Connect stops its tasks and rebalances their partitions. */
        void reconfigureSink(boolean pg) {
            String sink = name + (pg ? "-pg" : "-mariadb");
            sinkTasks.put(sink, sinkTasks.get(sink) == 3 ? 2 : 3);
            withRest("reconfigure " + sink, rest -> rest.putConnectorConfig(sink, sinkConfig(sink)));
        }

        void awaitTargetsEqualToTheSource() throws Exception {
            String sql = "SELECT id, v, n FROM %s ORDER BY id";
            List<String> expected = digest(SOURCE.connect(), sql.formatted("public." + table));
            try {
                await(table + " equal in both targets").atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            failIfATaskFailed();
                            return expected.equals(tryDigest(TARGET_PG, sql.formatted("public." + table)))
                                    && expected.equals(tryDigest(TARGET_MARIADB, sql.formatted(table)));
                        });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<String> pg = tryDigest(TARGET_PG, sql.formatted("public." + table));
                List<String> mariadb = tryDigest(TARGET_MARIADB, sql.formatted(table));
                throw new AssertionError(table + " differs: PostgreSQL target " + difference(expected, pg)
                        + "; MariaDB target " + difference(expected, mariadb) + "; " + historyOfDifferingRows(topic(),
                        expected, pg, mariadb), e);
            }
            for (String connector : connectors()) {
                withRest("status of " + connector, rest -> assertThat(rest.taskState(connector))
                        .as(connector).isEqualTo("RUNNING"));
            }
        }

        /** Fails the schedule at once, with the task's trace, when a connector's task has FAILED. */
        void failIfATaskFailed() {
            for (String connector : connectors()) {
                var status = tryStatus(connector);
                if (status != null && status.toString().contains("\"FAILED\"")) {
                    throw new AssertionError(connector + " has a FAILED task: " + status);
                }
            }
        }

        void delete() {
            for (String connector : connectors()) {
                try {
                    withRest("delete " + connector, rest -> rest.deleteConnector(connector));
                } catch (RuntimeException | AssertionError e) {
                    System.out.println("ChaosIT: could not delete " + connector + ": " + e);
                }
            }
            // The slot would hold WAL for the rest of the suite; drop it once its task has let go.
            String slot = "ferry_" + name;
            await("slot " + slot + " released").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> SOURCE.queryValue("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                            + slot + "' AND active").equals("0"));
            SOURCE.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + slot + "'");
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode tryStatus(String connector) {
        try {
            return cluster.rest().status(connector);
        } catch (RuntimeException rebalancingOrDown) {
            return null;
        }
    }

    /**
     * What the topic holds for the first rows that differ (committed, and also aborted), so a schedule
     * that failed in CI, whose worker logs are gone, still tells where the change was lost.
     */
    private static String historyOfDifferingRows(String topic, List<String> expected, List<String> pg, List<String> mariadb) {
        java.util.Set<Long> ids = new java.util.TreeSet<>();
        for (List<String> actual : Arrays.asList(pg, mariadb)) {
            if (actual != null) {
                differingIds(expected, actual, ids);
                differingIds(actual, expected, ids);
            }
        }
        List<Long> first = ids.stream().limit(3).toList();
        return "changes in the topic, read_committed: " + ChangeHistory.of(KAFKA.topics().readAll(topic, true), first)
                + "; read_uncommitted: " + ChangeHistory.of(KAFKA.topics().readAll(topic, false), first);
    }

    private static void differingIds(List<String> from, List<String> in, java.util.Set<Long> ids) {
        java.util.Set<String> present = new java.util.HashSet<>(in);
        for (String row : from) {
            if (!present.contains(row)) {
                ids.add(Long.valueOf(row.split(" \\| ")[0].trim()));
            }
        }
    }

    /** The first rows one side has and the other lacks, for a failing schedule's message. */
    private static String difference(List<String> expected, List<String> actual) {
        if (actual == null) {
            return "unreadable";
        }
        if (expected.equals(actual)) {
            return "equal";
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(new java.util.HashSet<>(actual));
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(new java.util.HashSet<>(expected));
        return actual.size() + " rows for " + expected.size() + ", lacks " + missing.size() + " "
                + missing.subList(0, Math.min(5, missing.size())) + ", has " + extra.size() + " more "
                + extra.subList(0, Math.min(5, extra.size()));
    }

    private static List<String> tryDigest(PostgresExtension db, String sql) {
        try {
            return digest(db.connect(), sql);
        } catch (Exception notYetOrDown) {
            return null;
        }
    }

    private static List<String> tryDigest(MariaDbExtension db, String sql) {
        try {
            return digest(db.connect(), sql);
        } catch (Exception notYetOrDown) {
            return null;
        }
    }

    private static List<String> digest(Connection connection, String sql) throws Exception {
        try (connection) {
            return TableDigest.rows(connection, sql);
        }
    }

    /**
     * Deletes, key changes, updates and inserts on random rows of the source table, a few dozen
     * transactions a second; rides out a source restart by reconnecting (a statement whose commit
     * was lost is simply not known: the oracle reads the source as it ended).
     */
    private static final class Workload implements Runnable {

        private final String table;
        private final Random random;
        private final AtomicBoolean writing = new AtomicBoolean(true);
        private long nextId = ROWS + 1;

        Workload(String table, Random random) {
            this.table = "public." + table;
            this.random = random;
        }

        void stop() {
            writing.set(false);
        }

        @Override
        public void run() {
            while (writing.get()) {
                try (Connection connection = SOURCE.connect(); Statement statement = connection.createStatement()) {
                    while (writing.get()) {
                        statement.execute(nextStatement());
                        Thread.sleep(20);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception sourceDown) {
                    sleepQuietly(200);
                }
            }
        }

        private String nextStatement() {
            long id = 1 + random.nextInt(ROWS);
            switch (random.nextInt(4)) {
                case 0:
                    return "DELETE FROM " + table + " WHERE id BETWEEN " + id + " AND " + (id + 5);
                case 1:
                    return "UPDATE " + table + " SET id = id + 1000000 WHERE id BETWEEN " + id + " AND " + (id + 3)
                            + " AND id < 1000000";
                case 2:
                    return "UPDATE " + table + " SET n = n + 1, v = 'u' || n WHERE id % 53 = " + random.nextInt(53);
                default:
                    long first = nextId;
                    nextId += 5;
                    return "INSERT INTO " + table + " SELECT i, 'new', 0 FROM generate_series(" + first + ", "
                            + (first + 4) + ") i";
            }
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
