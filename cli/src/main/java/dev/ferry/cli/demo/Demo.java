package dev.ferry.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.FerryException;
import dev.ferry.cli.FerryHome;
import dev.ferry.cli.config.ConnectorConfigFile;
import dev.ferry.cli.config.SinkSettings;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.cli.rest.ConnectClient;
import dev.ferry.cli.runtime.LocalCluster;
import dev.ferry.cli.verify.TransformChain;
import dev.ferry.cli.verify.Verification;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Runs {@code ferry demo}: databases, cluster, connectors, progress, live metrics, verification, cleanup. */
public final class Demo {

    private static final int CUSTOMERS = 2000;
    private static final String SOURCE = "source-postgres.json";
    private static final List<String> SINKS = List.of("sink-postgres.json", "sink-mysql.json");

    private final PrintWriter out;
    private final int rows;
    private final int rate;
    private final int kafkaPort;
    private final int restPort;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public Demo(PrintWriter out, int rows, int rate, int kafkaPort, int restPort) {
        this.out = out;
        this.rows = rows;
        this.rate = rate;
        this.kafkaPort = kafkaPort;
        this.restPort = restPort;
    }

    /** Returns true when both targets verified equal to the source. */
    public boolean run(Duration duration) throws Exception {
        Path dir = Files.createTempDirectory("ferry-demo");
        DemoDatabases databases = new DemoDatabases(DemoBinaries.fromEnvironment(System.getenv(), out));
        LocalCluster cluster = new LocalCluster(dir.resolve("cluster"), kafkaPort, restPort, FerryHome.pluginPath(),
                FerryHome.runtimeClasspath());
        Thread cleanup = new Thread(() -> cleanUp(cluster, databases, dir), "ferry-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        onInterrupt();
        try {
            say("Starting PostgreSQL (source), PostgreSQL and MariaDB (targets) …");
            databases.start(dir);
            databases.createShop(CUSTOMERS, rows);
            say("Starting Kafka and Kafka Connect (REST on " + "http://localhost:" + restPort + ") …");
            cluster.start();
            ConnectClient connect = new ConnectClient(cluster.restUrl());
            Map<String, Map<String, String>> configs = loadConfigs(databases.placeholders());
            register(connect, configs);
            snapshotProgress(databases);
            live(databases, duration);
            return verify(databases, configs);
        } finally {
            cleanUp(cluster, databases, dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Already running as the hook.
            }
        }
    }

    private Map<String, Map<String, String>> loadConfigs(Map<String, String> placeholders) {
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        configs.put("shop-source", ConnectorConfigFile.load(FerryHome.configExamples().resolve(SOURCE), placeholders::get));
        for (String sink : SINKS) {
            Map<String, String> config = ConnectorConfigFile.load(FerryHome.configExamples().resolve(sink), placeholders::get);
            // One broker: the dead-letter topic cannot have the default three replicas.
            if (config.containsKey("errors.deadletterqueue.topic.name")) {
                config.put("errors.deadletterqueue.topic.replication.factor", "1");
            }
            configs.put("shop-to-" + (sink.contains("mysql") ? "mysql" : "postgres"), config);
        }
        return configs;
    }

    private void register(ConnectClient connect, Map<String, Map<String, String>> configs) throws Exception {
        List<String> names = new ArrayList<>(configs.keySet());
        connect.putConnectorConfig(names.get(0), configs.get(names.get(0)));
        say("Registered " + names.get(0) + " from config-examples/" + SOURCE);
        // Sinks subscribe by pattern: start them once the source has created its topics.
        awaitTopics(connect, names.get(0));
        for (int i = 1; i < names.size(); i++) {
            connect.putConnectorConfig(names.get(i), configs.get(names.get(i)));
            say("Registered " + names.get(i) + " from config-examples/" + SINKS.get(i - 1));
        }
    }

    private void awaitTopics(ConnectClient connect, String source) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            JsonNode status = connect.connectors().path(source).path("status");
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    throw new FerryException("the source connector failed: "
                            + task.path("trace").asText().lines().findFirst().orElse(""));
                }
            }
            if (connect.offsets(source).path("offsets").size() > 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new FerryException("the source connector produced nothing within 3 minutes");
    }

    /** One bar per table and target, filled by the target's row count against the source's. */
    private void snapshotProgress(DemoDatabases databases) throws Exception {
        Map<String, Long> sourceCounts = new LinkedHashMap<>();
        try (Connection source = databases.connectSource()) {
            for (String table : List.of("customers", "orders")) {
                sourceCounts.put(table, count(source, "public." + table));
            }
        }
        say("Snapshot (full sync) of " + sourceCounts + " rows into both targets:");
        List<ProgressBar> bars = new ArrayList<>();
        try (Connection pg = databases.connectTargetPg(); Connection mysql = databases.connectTargetMySql()) {
            Map<ProgressBar, Runnable> updates = new LinkedHashMap<>();
            for (Map.Entry<String, Long> table : sourceCounts.entrySet()) {
                for (String target : List.of("postgres", "mysql")) {
                    ProgressBar bar = new ProgressBarBuilder().setTaskName(table.getKey() + " -> " + target)
                            .setInitialMax(table.getValue()).setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1)
                            .continuousUpdate().build();
                    bars.add(bar);
                    Connection c = target.equals("postgres") ? pg : mysql;
                    String name = target.equals("postgres") ? "public." + table.getKey() : table.getKey();
                    updates.put(bar, () -> bar.stepTo(countOrZero(c, name)));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            while (bars.stream().anyMatch(bar -> bar.getCurrent() < bar.getMax())) {
                if (System.nanoTime() > deadline) {
                    throw new FerryException("the snapshot did not reach the targets within 20 minutes");
                }
                if (stopRequested.await(1, TimeUnit.SECONDS)) {
                    break;
                }
                updates.values().forEach(Runnable::run);
            }
        } finally {
            bars.forEach(ProgressBar::close);
        }
    }

    private void live(DemoDatabases databases, Duration duration) throws Exception {
        if (stopRequested.getCount() == 0) {
            return;
        }
        DemoWorkload workload = new DemoWorkload(databases, rate, CUSTOMERS);
        Thread writer = new Thread(workload, "ferry-demo-workload");
        writer.start();
        say(duration == null ? "Live changes flowing; press Ctrl-C to stop and verify."
                : "Live changes flowing for " + duration.toSeconds() + " s.");
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long lastWrites = 0;
        long lastTime = System.nanoTime();
        try (Connection pg = databases.connectTargetPg(); Connection mysql = databases.connectTargetMySql()) {
            while (System.nanoTime() < end && !stopRequested.await(2, TimeUnit.SECONDS)) {
                if (workload.failure() != null) {
                    throw new FerryException("the demo workload failed: " + workload.failure().getMessage());
                }
                long now = System.nanoTime();
                long writes = workload.writes();
                double perSecond = (writes - lastWrites) * 1e9 / (now - lastTime);
                lastWrites = writes;
                lastTime = now;
                say(String.format("live: %6.0f writes/s at the source | end-to-end latency: postgres %s, mysql %s",
                        perSecond, latency(workload, pg, "public.orders"), latency(workload, mysql, "orders")));
            }
        } finally {
            workload.stop();
            writer.join(10_000);
        }
        say("Stopped the load after " + workload.writes() + " writes.");
    }

    private static String latency(DemoWorkload workload, Connection target, String table) {
        try (Statement statement = target.createStatement();
                ResultSet rs = statement.executeQuery("SELECT max(id) FROM " + table)) {
            long age = rs.next() ? workload.ageOf(rs.getLong(1)) : -1;
            return age < 0 ? "n/a" : age + " ms";
        } catch (SQLException e) {
            return "n/a";
        }
    }

    /** Waits for the targets to catch up with the stopped source, then prints each verification. */
    private boolean verify(DemoDatabases databases, Map<String, Map<String, String>> configs) throws Exception {
        List<String> names = new ArrayList<>(configs.keySet());
        SourceSettings source = SourceSettings.from(configs.get(names.get(0)));
        boolean allEqual = true;
        for (String sinkName : names.subList(1, names.size())) {
            SinkSettings sink = SinkSettings.from(configs.get(sinkName), source.topicPrefix());
            TransformChain transforms = TransformChain.of(configs.get(names.get(0)), configs.get(sinkName));
            Verification verification = new Verification(source, sink, transforms, 10_000, 10, false);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            boolean equal = false;
            StringWriter report = new StringWriter();
            while (!equal && System.nanoTime() < deadline) {
                report = new StringWriter();
                equal = verification.run(List.of(), false, new PrintWriter(report));
                if (!equal) {
                    Thread.sleep(2000);
                }
            }
            say("Verification of " + sinkName + ":");
            out.print(report);
            allEqual &= equal;
        }
        say(allEqual ? "Demo finished: verification passed for both targets."
                : "Demo finished: verification FAILED (see above).");
        return allEqual;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countOrZero(Connection c, String table) {
        try {
            return count(c, table);
        } catch (SQLException notYetCreated) {
            return 0;
        }
    }

    /** Ctrl-C ends the live phase instead of the JVM, so the demo can still verify and clean up. */
    @SuppressWarnings("restriction")
    private void onInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stopRequested.countDown());
        } catch (IllegalArgumentException unsupported) {
            // No SIGINT on this platform: the shutdown hook still cleans up.
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static synchronized void cleanUp(LocalCluster cluster, DemoDatabases databases, Path dir) {
        cluster.close();
        databases.close();
        try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // Temporary files; the OS removes them eventually.
        }
    }
}
