package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.contract.WorkerJvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine); this checks that it parses, has every
 * service the README promises, that its mounts point at what the build produces, and that the
 * metrics path (exporter agent → Prometheus → Grafana) is wired end to end.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of(System.getProperty("ferry.home", ".."));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeFileParsesAndHasEveryService() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(services.fieldNames()).toIterable()
                .contains("kafka", "connect", "schema-registry", "postgres", "target-postgres", "target-mysql",
                        "prometheus", "grafana");
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
            if (!parts[0].startsWith("./")) {
                assertThat(compose().path("volumes").has(parts[0])).as("named volume %s is declared", parts[0]).isTrue();
                continue;
            }
            hostPaths.add(parts[0]);
            assertThat(ROOT.resolve(parts[0])).as("host path of mount %s", volume.asText()).exists();
            if (parts[0].equals("./plugin-archive/target/plugins")) {
                pluginMount = parts[1];
            }
        }
        assertThat(pluginMount).as("the plugin directory the build writes is mounted").isNotNull();
        try (var plugins = Files.list(ROOT.resolve("plugin-archive/target/plugins"))) {
            assertThat(plugins.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("ferry-connectors-"))
                    .as("the Avro examples' converter, for the compose stack's schema registry")
                    .anyMatch(name -> name.startsWith("apicurio-avro-converter-"));
        }
        Properties worker = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("docker/connect-distributed.properties"))) {
            worker.load(in);
        }
        assertThat(worker.getProperty("plugin.path")).isEqualTo(pluginMount);
        assertThat(connect.path("command").toString()).contains("/opt/ferry/connect-distributed.properties");
        assertThat(hostPaths).contains("./docker/connect-distributed.properties", "./config-examples");
    }

    @Test
    void theConnectWorkerAndTheReadmeUseFerrysWorkerJvmOptions() throws IOException {
        String options = compose().path("services").path("connect").path("environment").path("KAFKA_OPTS").asText();
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String option : WorkerJvmOptions.JIT) {
            assertThat(options).as("KAFKA_OPTS").contains(option);
            assertThat(readme).as("README's worker JVM options").contains(option);
        }
    }

    @Test
    void theConnectWorkerRunsTheJmxExporterThatPrometheusScrapesAndGrafanaGraphs() throws IOException {
        JsonNode services = compose().path("services");
        String agent = services.path("connect").path("environment").path("KAFKA_OPTS").asText();
        Matcher javaagent = Pattern.compile("-javaagent:(\\S+\\.jar)=(\\d+):(\\S+)").matcher(agent);
        assertThat(javaagent.find()).as("KAFKA_OPTS runs the exporter agent: %s", agent).isTrue();
        List<String> connectVolumes = texts(services.path("connect").path("volumes"));
        assertThat(connectVolumes).as("the exporter's rules are mounted where the agent reads them")
                .contains("./docker/prometheus/jmx-exporter.yml:" + javaagent.group(3) + ":ro");
        String agentDirectory = javaagent.group(1).substring(0, javaagent.group(1).lastIndexOf('/'));
        String downloaded = services.path("jmx-exporter-agent").path("command").toString();
        assertThat(downloaded).contains("jmx_prometheus_javaagent-");
        assertThat(connectVolumes).anyMatch(v -> v.startsWith("jmx-exporter-agent:" + agentDirectory));

        JsonNode prometheus = YAML.readTree(ROOT.resolve("docker/prometheus/prometheus.yml").toFile());
        assertThat(prometheus.path("scrape_configs").toString()).contains("connect:" + javaagent.group(2));
        assertThat(texts(services.path("prometheus").path("volumes")))
                .contains("./docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");

        List<String> grafanaVolumes = texts(services.path("grafana").path("volumes"));
        JsonNode dashboards = YAML.readTree(ROOT.resolve("docker/grafana/provisioning/dashboards/ferry.yml").toFile());
        String dashboardPath = dashboards.path("providers").get(0).path("options").path("path").asText();
        assertThat(grafanaVolumes).contains("./docker/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./docker/grafana/ferry-dashboard.json:" + dashboardPath + "/ferry-dashboard.json:ro");
        JsonNode datasource = YAML.readTree(ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yml")
                .toFile()).path("datasources").get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        for (String volume : grafanaVolumes) {
            assertThat(ROOT.resolve(volume.split(":")[0])).exists();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    }
}
