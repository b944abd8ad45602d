package dev.ferry.benchmarks;

import java.util.Map;

/**
 * One contender's result on one workload. {@code cpuSecondsPerMillionRows} and {@code peakRssMib}
 * are the Connect worker's (absent, as -1, for a database ceiling); {@code extra} carries figures
 * only some workloads have, such as latency percentiles.
 */
public record Measurement(String workload, String contender, String heap, long rows, double seconds,
                   double cpuSecondsPerMillionRows, long peakRssMib, Map<String, Double> extra) {

    public static final String FERRY = "ferry";
    public static final String DEBEZIUM = "debezium";

    /** The same result under another workload name. */
    public Measurement named(String name) {
        return new Measurement(name, contender, heap, rows, seconds, cpuSecondsPerMillionRows, peakRssMib, extra);
    }

    public double rowsPerSecond() {
        return seconds > 0 ? rows / seconds : 0;
    }

    public static Measurement ceiling(String workload, String name, long rows, double seconds) {
        return new Measurement(workload, name, "-", rows, seconds, -1, -1, Map.of());
    }
}
