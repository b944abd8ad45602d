package dev.ferry.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The results of one run as a Markdown table (printed, and pasted into RESULTS.md) and as JSON.
 * Ratios compare contenders of the same run only: Ferry/Debezium at the same worker heap, and each
 * contender/the database's ceiling of the same workload.
 */
final class Report {

    private final List<Measurement> measurements;

    Report(List<Measurement> measurements) {
        this.measurements = List.copyOf(measurements);
    }

    Optional<Double> versusDebezium(Measurement m) {
        if (!m.contender().equals(Measurement.FERRY) || isLatency(m)) {
            return Optional.empty();
        }
        return measurements.stream()
                .filter(o -> o.workload().equals(m.workload()) && o.heap().equals(m.heap()) && o.contender().equals(Measurement.DEBEZIUM))
                .findFirst().map(d -> m.rowsPerSecond() / d.rowsPerSecond());
    }

    Optional<Double> versusCeiling(Measurement m) {
        if (m.peakRssMib() < 0 || isLatency(m)) {
            return Optional.empty();
        }
        return measurements.stream().filter(o -> o.workload().equals(m.workload()) && o.peakRssMib() < 0)
                .findFirst().map(c -> m.rowsPerSecond() / c.rowsPerSecond());
    }

    private static boolean isLatency(Measurement m) {
        return m.extra().containsKey("p99_ms");
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| workload | contender | heap | rows | start-up s | seconds | rows/s | ferry/debezium | /ceiling | worker CPU s per 1M rows | worker peak RSS MiB | latency p50 / p99 / max ms |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Measurement m : measurements) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %.1f | %s | %s | %s | %s | %s | %s |%n",
                    m.workload(), m.contender(), m.heap(), m.rows(),
                    m.extra().containsKey("startup_s") ? String.format(Locale.ROOT, "%.1f", m.extra().get("startup_s")) : "",
                    m.seconds(), thousands(m.rowsPerSecond()),
                    versusDebezium(m).map(r -> String.format(Locale.ROOT, "%.2f×", r)).orElse(""),
                    versusCeiling(m).map(r -> String.format(Locale.ROOT, "%.0f %%", r * 100)).orElse(""),
                    m.cpuSecondsPerMillionRows() < 0 ? "" : String.format(Locale.ROOT, "%.0f", m.cpuSecondsPerMillionRows()),
                    m.peakRssMib() < 0 ? "" : Long.toString(m.peakRssMib()),
                    isLatency(m) ? String.format(Locale.ROOT, "%.0f / %.0f / %.0f", m.extra().get("p50_ms"), m.extra().get("p99_ms"),
                            m.extra().get("max_ms")) : ""));
        }
        out.append(latencyStages());
        return out.toString();
    }

    /** The latency workloads' time per stage (LatencyStages), when a run has any. */
    private String latencyStages() {
        List<Measurement> staged = measurements.stream().filter(m -> m.extra().containsKey("producer_to_target_p50_ms"))
                .toList();
        if (staged.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n| latency stage p50 / p99 ms | contender | source commit → event built "
                + "| event built → producer | producer → row in target |\n|---|---|---|---|---|\n");
        for (Measurement m : staged) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", m.workload(), m.contender(),
                    stage(m, "commit_to_event"), stage(m, "event_to_producer"), stage(m, "producer_to_target")));
        }
        return out.toString();
    }

    private static String stage(Measurement m, String stage) {
        Double p50 = m.extra().get(stage + "_p50_ms");
        Double p99 = m.extra().get(stage + "_p99_ms");
        return p50 == null ? "" : String.format(Locale.ROOT, "%.0f / %.0f", p50, p99);
    }

    private static String thousands(double rowsPerSecond) {
        return rowsPerSecond >= 10_000 ? String.format(Locale.ROOT, "%.1fk", rowsPerSecond / 1000)
                : String.format(Locale.ROOT, "%.0f", rowsPerSecond);
    }

    void writeJson(Path file, Map<String, String> run) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        new TreeMap<>(run).forEach(root::put);
        ArrayNode rows = root.putArray("measurements");
        for (Measurement m : measurements) {
            ObjectNode row = rows.addObject();
            row.put("workload", m.workload());
            row.put("contender", m.contender());
            row.put("heap", m.heap());
            row.put("rows", m.rows());
            row.put("seconds", m.seconds());
            row.put("rows_per_second", m.rowsPerSecond());
            if (m.peakRssMib() >= 0) {
                row.put("worker_cpu_seconds_per_million_rows", m.cpuSecondsPerMillionRows());
                row.put("worker_peak_rss_mib", m.peakRssMib());
            }
            versusDebezium(m).ifPresent(r -> row.put("ferry_vs_debezium", r));
            versusCeiling(m).ifPresent(r -> row.put("vs_ceiling", r));
            m.extra().forEach(row::put);
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        json.writeValue(file.toFile(), root);
    }

    List<Measurement> measurements() {
        return new ArrayList<>(measurements);
    }
}
