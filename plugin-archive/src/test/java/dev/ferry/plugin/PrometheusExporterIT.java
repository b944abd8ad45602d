package dev.ferry.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.ExternalConnectWorker;
import dev.ferry.testsupport.GrafanaDashboard;
import dev.ferry.testsupport.KafkaExtension;
import dev.ferry.testsupport.MetricsDoc;
import dev.ferry.testsupport.PostgresExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Prometheus JMX exporter agent that docker-compose.yml runs (same version, same rules
 * file) in a stock Connect worker with a Ferry source and sink, and reads its scrape: every metric
 * docs/metrics.md documents (with its documented type) and every metric the Grafana dashboard
 * queries must be served, with a number. MetricsDashboardTest applies the rules the way the exporter is documented to; this test
 * is the exporter itself, so the two cannot silently disagree.
 */
class PrometheusExporterIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @TempDir
    static Path tempDir;

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int ROWS = 200;
    private static final String SOURCE_NAME = "exporter";
    private static final String SINK_NAME = "exporter-pg";
    /** A sample line of the text format: name, optional {labels}, value (the agent writes no timestamps). */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");
    private static final String ITEMS_TABLE = "table=\"public.items\"";

    record Sample(String name, String labels, double value) {
    }

    /**
     * One scrape of the agent.
     *
     * @param types the {@code # TYPE} of each metric family, by the name that line gives it (1.0.1's text
     *     format names a counter with its {@code _total}, OpenMetrics without)
     */
    record Scrape(List<Sample> samples, Map<String, String> types) {

        /** The type the exporter declares for the samples named {@code name}. */
        String typeOf(String name) {
            return types.getOrDefault(name, types.get(name.replaceFirst("_total$", "")));
        }
    }

    @Test
    void theExporterAgentServesEveryDocumentedMetricAndEveryMetricTheDashboardQueries() throws Exception {
        SOURCE.execute("CREATE TABLE public.items (id int PRIMARY KEY, name text)",
                "INSERT INTO public.items SELECT i, 'item ' || i FROM generate_series(1, " + ROWS + ") i");
        Path root = Path.of(System.getProperty("ferry.home", "..")).toAbsolutePath().normalize();
        Path agent = Path.of(System.getProperty("ferry.jmx.exporter.agent"));
        assertThat(agent).as("the agent jar Maven resolved").isRegularFile();
        String version = agent.getFileName().toString().replaceFirst("^jmx_prometheus_javaagent-(.+)\\.jar$", "$1");
        assertThat(Files.readString(root.resolve("docker-compose.yml"))).as("the agent docker-compose.yml fetches")
                .contains("/jmx_prometheus_javaagent/" + version + "/jmx_prometheus_javaagent-" + version + ".jar");
        int port = freePort();
        ExternalConnectWorker worker = new ExternalConnectWorker(KAFKA.bootstrapServers(),
                Path.of(System.getProperty("ferry.plugin.path")), Files.createDirectories(tempDir.resolve("worker")),
                "ferry-exporter")
                // As docker-compose.yml starts it: KAFKA_OPTS=-javaagent:<jar>=<port>:<rules>.
                .withJvmOptions(List.of("-Xmx1g",
                        "-javaagent:" + agent + "=" + port + ":" + root.resolve("docker/prometheus/jmx-exporter.yml")));
        try (worker) {
            worker.start();
            ConnectRestClient rest = worker.rest();
            Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, SOURCE_NAME, "public.items");
            // Thresholds every running pipeline crosses: the Alerting attributes read true, served as 1.
            source.put("alert.retained.wal.bytes", "1");
            rest.putConnectorConfig(SOURCE_NAME, source);
            rest.awaitRunning(SOURCE_NAME, 1, TIMEOUT);
            rest.putConnectorConfig(SINK_NAME, sink());
            rest.awaitRunning(SINK_NAME, 1, TIMEOUT);
            String items = "SELECT id, name FROM public.items ORDER BY id";
            await("the snapshot in the target").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> TARGET.query(items).equals(SOURCE.query(items)));

            MetricsDoc doc = MetricsDoc.read();
            Set<String> documented = doc.exportedNames();
            Set<String> queried = GrafanaDashboard.read().metricNames();
            URI metrics = URI.create("http://localhost:" + port + "/metrics");
            await("every documented metric in the exporter's scrape").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().untilAsserted(() -> {
                        Scrape scrape = scrape(metrics);
                        Set<String> ours = new TreeSet<>();
                        for (Sample sample : scrape.samples()) {
                            if (sample.name().startsWith("ferry_") && isOfThisTest(sample)) {
                                ours.add(sample.name());
                            }
                        }
                        assertThat(ours).as("Ferry's metrics of %s and %s in the scrape of %s (log: %s)", SOURCE_NAME,
                                SINK_NAME, metrics, worker.log()).containsAll(documented).containsAll(queried);
                        for (MetricsDoc.Attribute attribute : doc.attributes()) {
                            if (attribute.exported()) {
                                assertThat(scrape.typeOf(attribute.prometheus())).as("# TYPE of %s", attribute.prometheus())
                                        .isEqualTo(attribute.type());
                            }
                        }
                        assertThat(value(scrape, "ferry_source_alerting", "")).isEqualTo(1.0);
                        assertThat(value(scrape, "ferry_sink_alerting", "")).isEqualTo(1.0);
                        assertThat(value(scrape, "ferry_source_snapshot_rows_read_total", "")).isGreaterThanOrEqualTo(ROWS);
                        assertThat(value(scrape, "ferry_source_snapshot_table_rows_read_total", ITEMS_TABLE))
                                .isGreaterThanOrEqualTo(ROWS);
                        assertThat(value(scrape, "ferry_sink_table_rows_applied_total", ITEMS_TABLE))
                                .isGreaterThanOrEqualTo(ROWS);
                    });
            assertThat(rest.taskState(SOURCE_NAME)).isEqualTo("RUNNING");
            assertThat(rest.taskState(SINK_NAME)).isEqualTo("RUNNING");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> sink() {
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", "dev.ferry.sink.DatabaseSinkConnector");
        sink.put("tasks.max", "1");
        sink.put("topics", SOURCE_NAME + ".public.items");
        sink.put("connection.url", TARGET.jdbcUrl());
        sink.put("connection.user", PostgresExtension.USER);
        sink.put("connection.password", PostgresExtension.PASSWORD);
        sink.put("alert.latency.ms", "1");
        return sink;
    }

    /** The exporter's text format, each sample with a number (a value that is not one fails the parse). */
    private static Scrape scrape(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", metrics).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : response.body().lines().toList()) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            assertThat(matcher.matches()).as("a sample line: %s", line).isTrue();
            double value = Double.parseDouble(matcher.group(3));
            assertThat(Double.isNaN(value)).as("value of %s", line).isFalse();
            samples.add(new Sample(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2), value));
        }
        return new Scrape(samples, types);
    }

    /** The sample carries the connector label of this test's source or sink, as the exporter rules set it. */
    private static boolean isOfThisTest(Sample sample) {
        String connector = sample.name().startsWith("ferry_source_") ? SOURCE_NAME : SINK_NAME;
        return sample.labels().contains("connector=\"" + connector + "\"");
    }

    /** The value of the one sample of this test's connector that is named {@code name} and has the {@code label}. */
    private static double value(Scrape scrape, String name, String label) {
        List<Sample> named = scrape.samples().stream()
                .filter(s -> s.name().equals(name) && isOfThisTest(s) && s.labels().contains(label)).toList();
        assertThat(named).as("samples of %s", name).hasSize(1);
        return named.get(0).value();
    }
}
