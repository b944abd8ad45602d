package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry status} against a real Connect cluster running Ferry's source and sink, as text and
 * as JSON: a healthy pipeline exits 0; retained WAL above the threshold exits 6; a stopped sink
 * falls behind and crosses --max-latency (5); a sink whose target table is missing FAILS (3). A
 * sink whose target drops off the network (a {@link TcpProxy} in front of it is cut) retries in
 * its connection retry window: RUNNING as far as the REST API can tell, visible only in the
 * worker's JMX, which status reads with --jmx-url (4); once the target is back the rows arrive and
 * status exits 0 again. The embedded worker runs in this JVM, so this class serves the JVM's
 * MBeans over JMX/RMI as a worker started with {@code com.sun.management.jmxremote.port} does.
 */
class StatusCommandIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static int jmxPort;
    private static JMXConnectorServer jmxServer;

    @Test
    void reportsAHealthyALaggingAndAFailedPipelineWithTheirExitCodes() throws Exception {
        SOURCE.execute("CREATE TABLE public.orders (id int PRIMARY KEY, v text)",
                "INSERT INTO public.orders SELECT i, 'v' || i FROM generate_series(1, 2000) i");
        CONNECT.rest().putConnectorConfig("st", ConnectorConfigs.ferrySource(SOURCE, "st", "public.orders"));
        CONNECT.topics().awaitMessages("st.public.orders", TIMEOUT, m -> !m.isEmpty());
        Map<String, String> sink = Configs.pgSink(TARGET);
        sink.put("topics.regex", "st\\.public\\.orders");
        sink.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
        sink.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
        sink.put("value.converter.decimal.format", "NUMERIC");
        CONNECT.rest().putConnectorConfig("st-sink", sink);
        CONNECT.rest().awaitRunning("st-sink", 1, TIMEOUT);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> "2000".equals(TARGET.queryValue("SELECT count(*) FROM public.orders")));

        await("status shows a healthy pipeline").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            CliRun status = status("--max-latency", "60s", "--max-retained-wal", "1GB");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out())
                    .contains("st (source, dev.ferry.source.PostgresSourceConnector): connector RUNNING")
                    .contains("st-sink (sink, dev.ferry.sink.DatabaseSinkConnector): connector RUNNING")
                    .contains("task 0: RUNNING")
                    .contains("snapshot: done")
                    .containsPattern("slot ferry_st: active, retains [0-9.]+ (B|kB|MB) of WAL")
                    .contains("    public.orders: streaming to st.public.orders")
                    .containsPattern("heartbeat: latency \\d+ ms")
                    .contains("lag: 0 record(s) in total")
                    .contains("st.public.orders-0: 0")
                    .contains("healthy");
        });
        await("the same as JSON").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode healthy = json(status("--json", "--max-latency", "60s", "--max-retained-wal", "1GB"), 0);
            assertThat(healthy.path("healthy").asBoolean()).isTrue();
            assertThat(healthy.path("alerts")).isEmpty();
            JsonNode source = connector(healthy, "st");
            assertThat(source.path("state").asText()).isEqualTo("RUNNING");
            assertThat(source.path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
            assertThat(source.path("source").path("slot").path("active").asBoolean()).isTrue();
            assertThat(source.path("source").path("slot").path("retained_wal_bytes").asLong()).isPositive();
            assertThat(source.path("source").path("heartbeat").path("latency_ms").isNumber()).isTrue();
            assertThat(source.path("source").path("tables").get(0).path("table").asText()).isEqualTo("public.orders");
            assertThat(source.path("source").path("tables").get(0).path("phase").asText()).isEqualTo("streaming");
            assertThat(connector(healthy, "st-sink").path("sink").path("lag_records").asLong()).isZero();
        });
        await("retained WAL above the threshold").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            CliRun walAlert = status("--max-retained-wal", "1B");
            assertThat(walAlert.exitCode()).as(walAlert.toString()).isEqualTo(6);
            assertThat(walAlert.out()).containsPattern("ALERT retained_wal \\(exit 6\\): slot ferry_st retains .* of WAL, "
                    + "above --max-retained-wal 1 B");
        });

        // A stopped sink keeps its committed positions: the rows written meanwhile wait in Kafka.
        CONNECT.rest().stopConnector("st-sink");
        SOURCE.execute("INSERT INTO public.orders SELECT i, 'v' || i FROM generate_series(2001, 2300) i");
        await("status shows the sink falling behind").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode lagging = json(status("--json", "--max-latency", "3s"), 5);
            assertThat(lagging.path("alerts").get(0).path("condition").asText()).isEqualTo("latency");
            assertThat(lagging.path("alerts").get(0).path("connector").asText()).isEqualTo("st-sink");
            JsonNode lag = connector(lagging, "st-sink").path("sink");
            assertThat(lag.path("lag_records").asLong()).isGreaterThanOrEqualTo(300);
            assertThat(lag.path("latency_ms").asLong()).isGreaterThan(3000);
            assertThat(lag.path("topics").get(0).path("topic").asText()).isEqualTo("st.public.orders");
        });
        CONNECT.rest().resumeConnector("st-sink");
        await("status is healthy again once the sink caught up").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(json(status("--json", "--max-latency", "60s"), 0)
                        .path("healthy").asBoolean()).isTrue());

        Map<String, String> broken = Configs.pgSink(TARGET);
        broken.put("topics", "st.public.orders");
        broken.put("table.name.format", "missing_schema.${source.table}");
        broken.put("auto.create", "false");
        // Schema sync would create the table from the schema records: this sink is to fail.
        broken.put("schema.sync.enabled", "false");
        broken.put("error.retry.window.ms", "0");
        broken.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
        broken.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
        CONNECT.rest().putConnectorConfig("st-broken", broken);
        await("status shows the failed task").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            CliRun status = status("--max-latency", "60s");
            assertThat(status.exitCode()).as(status.toString()).isEqualTo(3);
            assertThat(status.out()).contains("st-broken").contains("FAILED").contains("error: ")
                    .contains("ALERT failed_task (exit 3): task st-broken/0 FAILED: ");
            JsonNode failed = json(status("--json"), 3);
            assertThat(failed.path("alerts").get(0).path("connector").asText()).isEqualTo("st-broken");
            assertThat(connector(failed, "st-broken").path("tasks").get(0).path("error").asText()).isNotBlank();
        });
        CONNECT.rest().deleteConnector("st-broken");
    }

    /**
     * The sink's target goes away after the connector was created (its validation connects, so it is
     * created while the target is reachable) and rows keep coming: the task cannot write them and
     * retries within connection.retry.window.ms, which status shows from the worker's JMX with exit
     * 4; when the target is reachable again the rows arrive and status is healthy.
     */
    @Test
    void aSinkCutOffFromItsTargetRetriesInItsWindowAndCatchesUpOnceTheTargetIsBack() throws Exception {
        SOURCE.execute("CREATE TABLE public.payments (id int PRIMARY KEY, v text)",
                "INSERT INTO public.payments SELECT i, 'v' || i FROM generate_series(1, 100) i");
        CONNECT.rest().putConnectorConfig("rw", ConnectorConfigs.ferrySource(SOURCE, "rw", "public.payments"));
        String jmx = "127.0.0.1:" + jmxPort;
        TcpProxy proxy = new TcpProxy(TARGET.host(), TARGET.port());
        try {
            Map<String, String> sink = Configs.pgSink(TARGET);
            sink.put("connection.url", "jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/"
                    + PostgresExtension.DATABASE);
            sink.put("topics", "rw.public.payments");
            sink.put("connection.retry.window.ms", "600000");
            // Retries follow each other quickly, so the sink writes again soon after the target is back.
            sink.put("retry.backoff.ms", "100");
            sink.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
            sink.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
            CONNECT.rest().putConnectorConfig("rw-sink", sink);
            awaitSameRows("public.payments");

            proxy.cut();
            SOURCE.execute("INSERT INTO public.payments SELECT i, 'v' || i FROM generate_series(101, 300) i");
            await("status shows the sink in its retry window").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        CliRun status = status("--jmx-url", jmx);
                        assertThat(status.exitCode()).as(status.toString()).isEqualTo(4);
                        assertThat(status.out())
                                .contains("rw-sink (sink, dev.ferry.sink.DatabaseSinkConnector): connector RUNNING")
                                .containsPattern("retrying: attempt \\d+, \\d+ s left in the retry window")
                                .containsPattern("ALERT retry_window \\(exit 4\\): task rw-sink/0 is retrying "
                                        + "\\(attempt \\d+\\), fails in \\d+ s unless its database recovers");
                        JsonNode retrying = json(status("--json", "--jmx-url", jmx), 4);
                        assertThat(retrying.path("alerts")).hasSize(1);
                        assertThat(retrying.path("alerts").get(0).path("condition").asText()).isEqualTo("retry_window");
                        assertThat(retrying.path("alerts").get(0).path("connector").asText()).isEqualTo("rw-sink");
                        JsonNode task = connector(retrying, "rw-sink").path("tasks").get(0);
                        assertThat(task.path("state").asText()).isEqualTo("RUNNING");
                        assertThat(task.path("retry_window").path("active").asBoolean()).isTrue();
                        assertThat(task.path("retry_window").path("attempts").asLong()).isPositive();
                        assertThat(task.path("retry_window").path("remaining_ms").asLong()).isBetween(1L, 600_000L);
                    });
            assertThat(TARGET.queryValue("SELECT count(*) FROM public.payments")).isEqualTo("100");

            proxy.restore();
            awaitSameRows("public.payments");
            await("status is healthy again once the sink wrote").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        CliRun status = status("--jmx-url", jmx);
                        assertThat(status.exitCode()).as(status.toString()).isZero();
                        assertThat(status.out()).contains("healthy").doesNotContain("retrying");
                        JsonNode healthy = json(status("--json", "--jmx-url", jmx), 0);
                        assertThat(connector(healthy, "rw-sink").path("tasks").get(0).path("retry_window")
                                .path("active").asBoolean()).isFalse();
                    });
        } finally {
            CONNECT.rest().deleteConnector("rw-sink");
            CONNECT.rest().deleteConnector("rw");
            proxy.close();
        }
    }

    /** Waits until the target's table holds the source's rows, compared as one ordered dump. */
    private static void awaitSameRows(String table) {
        String dump = "SELECT string_agg(id || '=' || v, ',' ORDER BY id) FROM " + table;
        String expected = SOURCE.queryValue(dump);
        await(table + " on the target equals the source").atMost(TIMEOUT).ignoreExceptions()
                .until(() -> expected.equals(TARGET.queryValue(dump)));
    }

    private static CliRun status(String... options) {
        List<String> args = new ArrayList<>(List.of("status", "--connect-url", CONNECT.rest().baseUrl(),
                "--bootstrap-server", CONNECT.bootstrapServers()));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode json(CliRun run, int exitCode) throws Exception {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        JsonNode document = new ObjectMapper().readTree(run.out());
        assertThat(document.path("exit_code").asInt()).isEqualTo(exitCode);
        return document;
    }

    private static JsonNode connector(JsonNode document, String name) {
        for (JsonNode connector : document.path("connectors")) {
            if (name.equals(connector.path("name").asText())) {
                return connector;
            }
        }
        throw new AssertionError("no connector " + name + " in " + document);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Serves this JVM's MBeans, the embedded worker's among them, at 127.0.0.1:{@code jmxPort}. */
    @BeforeAll
    static void serveJmx() throws Exception {
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        jmxPort = freePort();
        LocateRegistry.createRegistry(jmxPort);
        jmxServer = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"), null,
                ManagementFactory.getPlatformMBeanServer());
        jmxServer.start();
    }

    @AfterAll
    static void stopJmx() throws Exception {
        jmxServer.stop();
    }

    /**
     * {@code ferry verify} checks the sink's consumer lag first: while the sink is stopped with
     * records in its topic it warns that differences may be changes in flight; once the sink has
     * caught up it says so and the tables verify equal.
     */
    @Test
    void verifyWarnsWhileTheSinkHasNotCaughtUp(@TempDir Path dir) {
        SOURCE.execute("CREATE TABLE public.lagging (id int PRIMARY KEY, v text)",
                "INSERT INTO public.lagging SELECT i, 'v' || i FROM generate_series(1, 500) i");
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "lg", "public.lagging");
        // Schema records only at start, so the lag counts exactly the rows written while the sink is stopped.
        source.put("schema.records.interval.ms", "0");
        CONNECT.rest().putConnectorConfig("lg", source);
        Map<String, String> sink = Configs.pgSink(TARGET);
        sink.put("topics", "lg.public.lagging");
        sink.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
        sink.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
        CONNECT.rest().putConnectorConfig("lg-sink", sink);
        await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> "500".equals(TARGET.queryValue("SELECT count(*) FROM public.lagging")));
        CONNECT.rest().stopConnector("lg-sink");
        SOURCE.execute("INSERT INTO public.lagging SELECT i, 'v' || i FROM generate_series(501, 800) i");

        Path sourceFile = CliRun.configFile(dir, "lg-source", Configs.source(SOURCE, "lg", "public.lagging"));
        Path sinkFile = CliRun.configFile(dir, "lg-sink", sink);
        String[] verify = {"verify", "-c", sourceFile.toString(), "-c", sinkFile.toString(), "--no-progress",
            "--bootstrap-server", CONNECT.bootstrapServers(), "--sink-name", "lg-sink"};
        await("verify warns that the sink is behind").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            CliRun behind = CliRun.of(verify);
            assertThat(behind.exitCode()).as(behind.toString()).isEqualTo(1);
            assertThat(behind.out()).contains("warning: sink lg-sink has not caught up: 300 record(s) not yet applied")
                    .contains("public.lagging -> public.lagging: 300 difference(s)");
        });

        CONNECT.rest().resumeConnector("lg-sink");
        await("verify passes once the sink has caught up").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    CliRun caughtUp = CliRun.of(verify);
                    assertThat(caughtUp.exitCode()).as(caughtUp.toString()).isZero();
                    assertThat(caughtUp.out()).contains("sink lg-sink has applied every record in its topics (lag 0)")
                            .contains("public.lagging -> public.lagging: equal (800 rows");
                });
    }
}
