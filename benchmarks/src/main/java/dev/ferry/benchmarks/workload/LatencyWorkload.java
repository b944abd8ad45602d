package dev.ferry.benchmarks.workload;

import dev.ferry.benchmarks.ConnectorSettings;
import dev.ferry.benchmarks.Lab;
import dev.ferry.benchmarks.Measurement;
import dev.ferry.benchmarks.MeteredWorker;
import dev.ferry.benchmarks.PostgresTools;
import dev.ferry.testsupport.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * End-to-end latency of a whole pipeline (source, Kafka, sink into PostgreSQL) under a steady
 * {@code pgbench -R} insert load: each probe row carries its source insert time in microseconds;
 * the target is polled every 10 ms and a row's latency is the poll that first sees it minus that
 * time (so figures include up to 10 ms of polling). The load runs 15 s first, unmeasured, and the
 * pipeline catches up with it before the clock starts.
 */
public final class LatencyWorkload implements Workload {

    private static final String TABLE = "latency_probe";
    private static final long POLL_MILLIS = 10;
    /**
     * Longer than Ferry's default {@code heartbeat.interval.ms} (10 s, owned by FerrySourceConfig in
     * connector-source): the first heartbeats streamed after the start bring two new topics (the
     * heartbeat table's and Debezium's heartbeat topic), whose first records in Avro register their
     * schemas with synchronous registry calls on the source task thread. That is once per connector
     * start, and it held every probe behind it for up to 0.7 s when it fell into the measured window.
     */
    private static final int WARMUP_SECONDS = 15;

    private final String name;
    private final int ratePerSecond;
    private final int seconds;
    private final List<String> contenders;

    public LatencyWorkload(String name, int ratePerSecond, int seconds, List<String> contenders) {
        this.name = name;
        this.ratePerSecond = ratePerSecond;
        this.seconds = seconds;
        this.contenders = contenders;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Measurement> run(Lab lab) throws Exception {
        List<Measurement> results = new ArrayList<>();
        for (String contender : contenders) {
            lab.postgres().execute("DROP TABLE IF EXISTS " + TABLE, "CREATE TABLE " + TABLE
                    + " (id bigserial PRIMARY KEY, created_us bigint NOT NULL, pad text)");
            try {
                results.add(measure(lab, contender));
            } finally {
                lab.postgres().execute("DROP TABLE IF EXISTS " + TABLE);
                lab.dropIdleSlots();
            }
        }
        return results;
    }

    private Measurement measure(Lab lab, String contender) throws Exception {
        String source = lab.connectorName(name, contender);
        String sink = source + "_sink";
        String topic = source + ".public." + TABLE;
        Path script = lab.workDir().resolve("latency-probe.sql");
        Files.writeString(script, "INSERT INTO " + TABLE + " (created_us, pad)"
                + " VALUES ((extract(epoch FROM clock_timestamp()) * 1000000)::bigint, 'probe');\n");
        try (Connection target = lab.postgresTarget(); Statement statement = target.createStatement();
             MeteredWorker worker = lab.startWorker(contender)) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            worker.create(source, ConnectorSettings.source(contender, lab, source, "public." + TABLE, true));
            worker.awaitRunning(source);
            worker.create(sink, ConnectorSettings.postgresSink(contender, lab, topic));
            worker.awaitRunning(sink);
            // A first probe until one arrives: the slot, the topic and the target table then exist.
            worker.await(contender + " pipeline carrying a first probe", 180, () -> false, () -> {
                lab.postgres().execute("INSERT INTO " + TABLE + " (created_us) VALUES (0)");
                return maxId(statement) > 0;
            }, source, sink);
            // Warm-up at the measured rate, left out of the figures: a cold worker (JIT, first batches,
            // the first heartbeats' schema registrations) falls behind for its first seconds at
            // 2,000 TPS, which is start-up, not steady latency.
            int warmupSeconds = Math.min(WARMUP_SECONDS, seconds);
            Process warming = load(lab, script, warmupSeconds);
            if (warming.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed: " + new String(warming.getInputStream().readAllBytes()));
            }
            long warmup = sourceMaxId(lab);
            worker.await(contender + " pipeline through the warm-up", 180, () -> false,
                    () -> maxId(statement) >= warmup, source, sink);
            worker.startClock();
            Process load = load(lab, script, seconds);
            List<Long> latenciesMicros = new ArrayList<>();
            Map<Long, Long> seenMicros = new HashMap<>();
            long lastId = warmup;
            long deadline = System.nanoTime() + (seconds + 120) * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                boolean loadRunning = load.isAlive();
                try (ResultSet rows = statement.executeQuery("SELECT id, created_us FROM " + TABLE + " WHERE id > " + lastId
                        + " ORDER BY id")) {
                    long now = System.currentTimeMillis() * 1000;
                    while (rows.next()) {
                        lastId = rows.getLong(1);
                        latenciesMicros.add(now - rows.getLong(2));
                        seenMicros.put(lastId, now);
                    }
                }
                if (!loadRunning && lastId >= sourceMaxId(lab)) {
                    break;
                }
                Thread.sleep(POLL_MILLIS);
            }
            if (load.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed: " + new String(load.getInputStream().readAllBytes()));
            }
            if (lastId < sourceMaxId(lab)) {
                throw new IllegalStateException(contender + " left probes behind: target has up to " + lastId + ", source " + sourceMaxId(lab));
            }
            Map<String, Double> figures = new LinkedHashMap<>(percentiles(latenciesMicros));
            List<ConsumerRecord<byte[], byte[]>> probes = new ArrayList<>();
            lab.readTopic(topic, probes::add); // a few tens of thousands of small records
            figures.putAll(LatencyStages.of(probes, seenMicros,
                    lab.workDir().resolve("latency-stages-" + name + "-" + contender + ".csv"), lab::eventAsJson));
            Measurement measured = worker.measure(name, contender, lab.heap(), latenciesMicros.size(), figures);
            worker.rest().deleteConnector(sink);
            worker.rest().deleteConnector(source);
            return measured;
        }
    }

    private Process load(Lab lab, Path script, int loadSeconds) throws Exception {
        return PostgresTools.start(lab, "pgbench", List.of("-n", "-c", "2", "-j", "2", "-R", Integer.toString(ratePerSecond),
                "-T", Integer.toString(loadSeconds), "-f", script.toString(), PostgresExtension.DATABASE));
    }

    /** The target's highest probe id (ids start at 1); 0 while the sink has not created the table. */
    private static long maxId(Statement statement) {
        try (ResultSet rows = statement.executeQuery("SELECT coalesce(max(id), 0) FROM " + TABLE)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException tableNotCreatedYet) {
            return 0;
        }
    }

    private static long sourceMaxId(Lab lab) {
        return Long.parseLong(lab.postgres().queryValue("SELECT coalesce(max(id), 0) FROM " + TABLE));
    }

    static Map<String, Double> percentiles(List<Long> micros) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return Map.of();
        }
        return Map.of("p50_ms", at(sorted, 0.50), "p99_ms", at(sorted, 0.99), "max_ms", sorted[sorted.length - 1] / 1000.0);
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
