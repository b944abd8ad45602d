package dev.ferry.benchmarks;

import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ExternalConnectWorker;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A Connect worker JVM and the meter on it: {@link #startClock()} marks the start of the measured
 * work, {@link #measure} turns the time and CPU since then into a {@link Measurement}.
 */
public final class MeteredWorker implements AutoCloseable {

    private final ExternalConnectWorker worker;
    private final WorkerUsage usage;
    private long startNanos;
    private double startCpu;
    private long firstProgressNanos;
    private double firstProgressCpu;

    MeteredWorker(ExternalConnectWorker worker) {
        this.worker = worker;
        this.usage = new WorkerUsage(worker.pid());
    }

    public ConnectRestClient rest() {
        return worker.rest();
    }

    public void create(String name, Map<String, String> config) {
        rest().putConnectorConfig(name, config);
    }

    public void awaitRunning(String name) {
        rest().awaitRunning(name, 1, Duration.ofMinutes(2));
    }

    /**
     * Waits like {@link Lab#awaitCondition} until {@code done}, noting when {@code started} first
     * holds (the first row arrived): the measurement then covers the work from there, and the
     * time before it (connector start, slot and catalog set-up) is reported apart as start-up. Fails
     * at once, with the task's trace, when one of {@code connectors} has a FAILED task.
     */
    public void await(String what, long timeoutSeconds, BooleanSupplier started, BooleanSupplier done, String... connectors) {
        long[] polls = {0};
        Lab.awaitCondition(what, timeoutSeconds, () -> {
            if (polls[0]++ % 20 == 19) {
                for (String connector : connectors) {
                    if ("FAILED".equals(rest().taskState(connector))) {
                        throw new IllegalStateException(connector + " FAILED while " + what + ": " + rest().taskTrace(connector));
                    }
                }
            }
            if (firstProgressNanos == 0 && started.getAsBoolean()) {
                firstProgressNanos = System.nanoTime();
                firstProgressCpu = usage.cpuSeconds();
            }
            return done.getAsBoolean();
        });
    }

    /** Starts the clock: what follows is measured. */
    public void startClock() {
        startNanos = System.nanoTime();
        startCpu = usage.cpuSeconds();
        firstProgressNanos = 0;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public Measurement measure(String workload, String contender, String heap, long rows, Map<String, Double> extra) {
        long end = System.nanoTime();
        double cpuNow = usage.cpuSeconds();
        Map<String, Double> figures = new java.util.LinkedHashMap<>(extra);
        long from = startNanos;
        double cpuFrom = startCpu;
        if (firstProgressNanos != 0) {
            figures.put("startup_s", (firstProgressNanos - startNanos) / 1e9);
            from = firstProgressNanos;
            cpuFrom = firstProgressCpu;
        }
        double seconds = (end - from) / 1e9;
        return new Measurement(workload, contender, heap, rows, seconds, (cpuNow - cpuFrom) / rows * 1_000_000,
                usage.peakRssMib(), figures);
    }

    @Override
    public void close() {
        worker.close();
    }
}
