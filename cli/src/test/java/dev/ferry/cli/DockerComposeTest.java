package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine); this checks that it parses, has every
 * service the README promises, and that its mounts point at what the build produces.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of(System.getProperty("ferry.home", ".."));

    @Test
    void composeFileParsesAndHasEveryService() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(services.fieldNames()).toIterable()
                .contains("kafka", "connect", "schema-registry", "postgres", "target-postgres", "target-mysql");
        assertThat(services.path("postgres").path("image").asText()).isEqualTo("postgres:17");
        assertThat(services.path("postgres").path("command").toString()).contains("wal_level=logical");
        assertThat(services.path("target-mysql").path("image").asText()).startsWith("mysql:8");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
    }

    @Test
    void mountsMatchTheBuildOutputs() throws IOException {
        JsonNode connect = compose().path("services").path("connect");
        List<String> hostPaths = new ArrayList<>();
        String pluginMount = null;
        for (JsonNode volume : connect.path("volumes")) {
            String[] parts = volume.asText().split(":");
            hostPaths.add(parts[0]);
            assertThat(ROOT.resolve(parts[0])).as("host path of mount %s", volume.asText()).exists();
            if (parts[0].equals("./plugin-archive/target/plugins")) {
                pluginMount = parts[1];
            }
        }
        assertThat(pluginMount).as("the plugin directory the build writes is mounted").isNotNull();
        try (var plugins = Files.list(ROOT.resolve("plugin-archive/target/plugins"))) {
            assertThat(plugins.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("ferry-connectors-"));
        }
        Properties worker = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("docker/connect-distributed.properties"))) {
            worker.load(in);
        }
        assertThat(worker.getProperty("plugin.path")).isEqualTo(pluginMount);
        assertThat(connect.path("command").toString()).contains("/opt/ferry/connect-distributed.properties");
        assertThat(hostPaths).contains("./docker/connect-distributed.properties", "./config-examples");
    }

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
    }
}
