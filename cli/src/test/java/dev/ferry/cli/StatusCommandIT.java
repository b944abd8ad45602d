package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry status} against a real Connect cluster running Ferry's source and sink: task states,
 * the slot's retained WAL, heartbeat latency and the sink's lag reaching zero; a sink whose target
 * table is missing shows its error and makes the command exit non-zero.
 */
class StatusCommandIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void showsTasksSlotHeartbeatAndLag() {
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

        String[] args = {"status", "--connect-url", CONNECT.rest().baseUrl(), "--bootstrap-server", CONNECT.bootstrapServers()};
        await("status shows a healthy pipeline").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            CliRun status = CliRun.of(args);
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out())
                    .contains("st (source, dev.ferry.source.PostgresSourceConnector): connector RUNNING")
                    .contains("st-sink (sink, dev.ferry.sink.DatabaseSinkConnector): connector RUNNING")
                    .contains("task 0: RUNNING")
                    .contains("snapshot: done")
                    .containsPattern("slot ferry_st: active, retains [0-9.]+ (B|kB|MB) of WAL")
                    .containsPattern("heartbeat: latency \\d+ ms")
                    .contains("lag: 0 record(s) in total")
                    .contains("st.public.orders-0: 0");
        });

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
            CliRun status = CliRun.of(args);
            assertThat(status.exitCode()).as(status.toString()).isEqualTo(3);
            assertThat(status.out()).contains("st-broken").contains("FAILED").contains("error: ");
        });
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
