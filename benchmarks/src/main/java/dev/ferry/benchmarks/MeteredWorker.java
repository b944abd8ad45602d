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
     * Waits like {@link Lab#awaitCondition} and fails at once, with the task's trace, when one of
     * {@code connectors} has a FAILED task instead of waiting out the deadline.
     */
    public void await(String what, long timeoutSeconds, BooleanSupplier done, String... connectors) {
        long[] polls = {0};
        Lab.awaitCondition(what, timeoutSeconds, () -> {
            if (polls[0]++ % 20 == 19) {
                for (String connector : connectors) {
                    if ("FAILED".equals(rest().taskState(connector))) {
                        throw new IllegalStateException(connector + " FAILED while " + what + ": " + rest().taskTrace(connector));
                    }
                }
            }
            return done.getAsBoolean();
        });
    }

    public void startClock() {
        startNanos = System.nanoTime();
        startCpu = usage.cpuSeconds();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public Measurement measure(String workload, String contender, String heap, long rows, Map<String, Double> extra) {
        double seconds = elapsedSeconds();
        double cpu = usage.cpuSeconds() - startCpu;
        return new Measurement(workload, contender, heap, rows, seconds, cpu / rows * 1_000_000, usage.peakRssMib(), extra);
    }

    @Override
    public void close() {
        worker.close();
    }
}
