package dev.ferry.testsupport.chaos;

import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ExternalConnectWorker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kafka Connect cluster of several {@link ExternalConnectWorker} JVMs in one group, as users run
 * it: Ferry only on {@code plugin.path}, exactly-once source support on, sink consumers reading
 * committed records only. Its timeouts are short so a lost or frozen worker is noticed within
 * seconds and its tasks move at once ({@code scheduled.rebalance.max.delay.ms=0}).
 */
public final class ConnectCluster implements AutoCloseable {

    /** The worker group's and the sink consumers' session timeout: a worker silent longer is evicted. */
    public static final int SESSION_TIMEOUT_MS = 6000;

    private final String bootstrapServers;
    private final Path pluginPath;
    private final Path workDir;
    private final String groupId;
    private final List<ExternalConnectWorker> workers = new ArrayList<>();
    private final List<Boolean> frozen = new ArrayList<>();

    public ConnectCluster(String bootstrapServers, Path pluginPath, Path workDir, String groupId) {
        this.bootstrapServers = bootstrapServers;
        this.pluginPath = pluginPath;
        this.workDir = workDir;
        this.groupId = groupId;
    }

    /** Starts {@code count} workers one after another (each waits for its REST API). */
    public ConnectCluster start(int count) {
        for (int i = 0; i < count; i++) {
            join();
        }
        return this;
    }

    /** A new worker joins the group; returns its index. */
    public int join() {
        int index = workers.size();
        ExternalConnectWorker worker = new ExternalConnectWorker(bootstrapServers, pluginPath,
                workDir.resolve("worker-" + index), groupId)
                .withJvmOptions(List.of("-Xmx512m"));
        settings().forEach(worker::withProperty);
        workers.add(worker);
        frozen.add(false);
        worker.start();
        return index;
    }

    private static Map<String, String> settings() {
        return Map.of(
                // Ferry's and the Avro converter's plugin directories carry ServiceLoader manifests:
                // no class scanning, so a restarted worker is back in seconds.
                "plugin.discovery", "service_load",
                "scheduled.rebalance.max.delay.ms", "0",
                "session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS),
                "heartbeat.interval.ms", "2000",
                "consumer.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS),
                "consumer.heartbeat.interval.ms", "2000",
                "consumer.isolation.level", "read_committed",
                "exactly.once.source.support", "enabled");
    }

    public int size() {
        return workers.size();
    }

    public ExternalConnectWorker worker(int index) {
        return workers.get(index);
    }

    public void kill(int index) {
        workers.get(index).kill();
    }

    /** Starts a killed or stopped worker again, on its port and in its directory. */
    public void restart(int index) {
        workers.get(index).start();
    }

    /** Stops a worker the way an operator does (SIGTERM): it leaves the group and hands its tasks over. */
    public void leave(int index) {
        workers.get(index).close();
    }

    public void freeze(int index) {
        workers.get(index).freeze();
        frozen.set(index, true);
    }

    public void thaw(int index) {
        workers.get(index).thaw();
        frozen.set(index, false);
    }

    /** The REST API of a running worker that is not frozen (any worker forwards to the leader). */
    public ConnectRestClient rest() {
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).isRunning() && !frozen.get(i)) {
                return workers.get(i).rest();
            }
        }
        throw new IllegalStateException("no worker of " + groupId + " is running");
    }

    /** The worker's log files, for a failing schedule's report. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        for (int i = 0; i < workers.size(); i++) {
            if (frozen.get(i)) {
                thaw(i);
            }
            workers.get(i).close();
        }
    }
}
