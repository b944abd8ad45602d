package dev.ferry.cli.runtime;

import dev.ferry.cli.FerryException;
import dev.ferry.cli.rest.ConnectClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka (KRaft, broker and controller in one process) and a distributed Connect
 * worker, each in its own JVM started through Kafka's public entry points ({@code kafka.tools.StorageTool},
 * {@code kafka.Kafka}, {@code ConnectDistributed}). Everything lives under one data directory, so
 * topics, connector configs and offsets survive a restart.
 */
public final class LocalCluster implements AutoCloseable {

    private final Path dataDir;
    private final int kafkaPort;
    private final int controllerPort;
    private final int restPort;
    private final Path pluginPath;
    private final String classpath;
    private final List<JavaProcess> processes = new ArrayList<>();

    public LocalCluster(Path dataDir, int kafkaPort, int restPort, Path pluginPath, String classpath) {
        this.dataDir = dataDir.toAbsolutePath();
        this.kafkaPort = kafkaPort;
        this.controllerPort = freePort();
        this.restPort = restPort;
        this.pluginPath = pluginPath;
        this.classpath = classpath;
    }

    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public LocalCluster start() {
        requireFree(kafkaPort, "Kafka", "--kafka-port");
        requireFree(restPort, "the Connect REST API", "--rest-port");
        try {
            Files.createDirectories(logDir());
            Path kafkaConfig = write("server.properties", kafkaProperties());
            if (!Files.exists(dataDir.resolve("kafka").resolve("meta.properties"))) {
                JavaProcess.run("kafka-storage format", classpath, "kafka.tools.StorageTool", logDir().resolve("kafka.log"),
                        "format", "-t", Uuid.randomUuid().toString(), "-c", kafkaConfig.toString());
            }
            JavaProcess kafka = JavaProcess.start("Kafka", classpath, "1g", "kafka.Kafka", logDir().resolve("kafka.log"),
                    kafkaConfig.toString());
            processes.add(kafka);
            await(kafka, () -> listening(kafkaPort), 90);
            Path workerConfig = write("connect-worker.properties", workerProperties());
            JavaProcess connect = JavaProcess.start("Kafka Connect", classpath, "2g",
                    "org.apache.kafka.connect.cli.ConnectDistributed", logDir().resolve("connect.log"),
                    workerConfig.toString());
            processes.add(connect);
            ConnectClient rest = new ConnectClient(restUrl());
            await(connect, rest::isReady, 120);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<String, String> kafkaProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + kafkaPort + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + kafkaPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("kafka").toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    private Map<String, String> workerProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrapServers());
        props.put("group.id", "ferry");
        props.put("config.storage.topic", "ferry-connect-configs");
        props.put("offset.storage.topic", "ferry-connect-offsets");
        props.put("status.storage.topic", "ferry-connect-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "dev.ferry.converters.SchemaCachingJsonConverter");
        props.put("value.converter", "dev.ferry.converters.SchemaCachingJsonConverter");
        props.put("offset.flush.interval.ms", "5000");
        props.put("listeners", "http://localhost:" + restPort);
        props.put("plugin.path", pluginPath.toAbsolutePath().toString());
        props.put("plugin.discovery", "hybrid_warn");
        return props;
    }

    private Path write(String name, Map<String, String> props) throws IOException {
        List<String> lines = new ArrayList<>();
        props.forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\")));
        Path file = dataDir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    private static void await(JavaProcess process, BooleanSupplier ready, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new FerryException(process.name() + " exited while starting; see " + process.log());
            }
            if (System.nanoTime() > deadline) {
                throw new FerryException(process.name() + " did not start within " + seconds + " s; see " + process.log());
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException("interrupted while starting " + process.name(), e);
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireFree(int port, String what, String option) {
        if (listening(port)) {
            throw new FerryException("port " + port + " for " + what + " is in use (another 'ferry up'?); choose "
                    + "another with " + option);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops Connect first (it commits offsets and leaves the group), then Kafka. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(30);
        }
        processes.clear();
    }
}
