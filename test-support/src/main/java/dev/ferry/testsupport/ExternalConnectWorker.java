package dev.ferry.testsupport;

import static org.awaitility.Awaitility.await;

import dev.ferry.contract.WorkerJvmOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kafka Connect distributed worker in its own JVM, started from a stock Connect classpath (the
 * {@code test-worker} module's {@code worker.classpath}) with Ferry only on {@code plugin.path}.
 * It proves the plugin archive is complete, and it can be killed with SIGKILL to test crashes.
 */
public final class ExternalConnectWorker implements AutoCloseable {

    /** System property naming the file that holds the stock worker classpath. */
    public static final String CLASSPATH_FILE_PROPERTY = "ferry.worker.classpath.file";

    private final Path workDir;
    private final Map<String, String> props = new LinkedHashMap<>();
    private final int restPort;
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx1g"));
    private Process process;
    private Path log;

    public ExternalConnectWorker(String bootstrapServers, Path pluginPath, Path workDir, String groupId) {
        this.workDir = workDir;
        try {
            this.restPort = MariaDbExtension.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", groupId);
        props.put("config.storage.topic", groupId + "-configs");
        props.put("offset.storage.topic", groupId + "-offsets");
        props.put("status.storage.topic", groupId + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("offset.flush.interval.ms", "1000");
        props.put("listeners", "http://localhost:" + restPort);
        props.put("plugin.path", pluginPath.toAbsolutePath().toString());
    }

    public ExternalConnectWorker withProperty(String name, String value) {
        props.put(name, value);
        return this;
    }

    /** Replaces the worker JVM's options (default {@code -Xmx1g}), for a heap size or a JFR recording. */
    public ExternalConnectWorker withJvmOptions(List<String> options) {
        jvmOptions.clear();
        jvmOptions.addAll(options);
        return this;
    }

    /** Starts the worker JVM and waits until its REST API answers. */
    public ExternalConnectWorker start() {
        try {
            Files.createDirectories(workDir);
            Path properties = workDir.resolve("worker.properties");
            List<String> lines = new ArrayList<>();
            props.forEach((k, v) -> lines.add(k + "=" + v));
            Files.write(properties, lines);
            // Several workers may share the directory one after another; each keeps its own log.
            log = Files.createTempFile(workDir, "worker-", ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // Users' workers run with these too; options given to this worker come after them and win.
            command.addAll(WorkerJvmOptions.JIT);
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", workerClasspath(), "org.apache.kafka.connect.cli.ConnectDistributed",
                    properties.toString()));
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Connect worker in " + workDir, e);
        }
        ConnectRestClient rest = rest();
        await("external Connect worker REST on port " + restPort).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("Connect worker exited with " + process.exitValue() + "; see " + workDir);
                    }
                    return rest.isReady();
                });
        return this;
    }

    /** SIGKILL: the JVM gets no chance to flush, commit or say goodbye. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /**
     * SIGSTOP: the JVM stops dead without knowing it, misses its heartbeats and is evicted from the
     * group; after {@link #thaw()} it wakes up a zombie holding tasks it no longer owns.
     */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT for a {@link #freeze() frozen} worker. */
    public void thaw() {
        signal("CONT");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " exited with " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The worker JVM's process id, for reading its CPU time and memory from {@code /proc}. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("the worker in " + workDir + " is not running");
        }
        return process.pid();
    }

    public ConnectRestClient rest() {
        return new ConnectRestClient("http://localhost:" + restPort + "/");
    }

    public Path workDir() {
        return workDir;
    }

    /** What the worker JVM printed (standard output and error) since its last start. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static String workerClasspath() throws IOException {
        String file = System.getProperty(CLASSPATH_FILE_PROPERTY);
        if (file == null) {
            throw new IllegalStateException("system property " + CLASSPATH_FILE_PROPERTY
                    + " must name the test-worker module's target/worker.classpath");
        }
        return Files.readString(Path.of(file)).trim();
    }
}
