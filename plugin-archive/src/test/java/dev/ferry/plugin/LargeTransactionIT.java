package dev.ferry.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.ExternalConnectWorker;
import dev.ferry.testsupport.KafkaExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One source transaction that changes {@code ferry.large.transaction.rows} rows (50,000 in CI;
 * {@code -Dferry.large.transaction.rows=1000000} for the full size) streams through a Ferry source
 * and sink in a stock worker JVM with a 512 MB heap: nothing in the path holds a whole transaction.
 * It then deletes them all in a second transaction; the target follows both.
 */
class LargeTransactionIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @TempDir
    static Path workDir;

    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final int ROWS = Integer.getInteger("ferry.large.transaction.rows", 50_000);

    @Test
    void aTransactionOfManyRowsStreamsThroughAWorkerWithA512MbHeap() throws Exception {
        SOURCE.execute("CREATE TABLE public.batch (id bigint PRIMARY KEY, v text, n numeric(12,2))",
                "INSERT INTO public.batch VALUES (0, 'before', 0)");
        Path pluginPath = Path.of(System.getProperty("ferry.plugin.path"));
        try (ExternalConnectWorker worker = new ExternalConnectWorker(KAFKA.bootstrapServers(), pluginPath, workDir,
                "ferry-large-tx").withJvmOptions(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError")).start()) {
            ConnectRestClient rest = worker.rest();
            rest.putConnectorConfig("tx", ConnectorConfigs.ferrySource(SOURCE, "tx", "public.batch"));
            Map<String, String> sink = new LinkedHashMap<>();
            sink.put("connector.class", "dev.ferry.sink.DatabaseSinkConnector");
            sink.put("tasks.max", "1");
            sink.put("topics", "tx.public.batch");
            sink.put("connection.url", TARGET.jdbcUrl());
            sink.put("connection.user", PostgresExtension.USER);
            sink.put("connection.password", PostgresExtension.PASSWORD);
            sink.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
            sink.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
            sink.put("value.converter.decimal.format", "NUMERIC");
            rest.putConnectorConfig("tx-sink", sink);
            await("the snapshot applied").atMost(TIMEOUT).ignoreExceptions()
                    .until(() -> "1".equals(TARGET.queryValue("SELECT count(*) FROM public.batch")));

            SOURCE.execute("INSERT INTO public.batch SELECT i, md5(i::text), i / 100.0 FROM generate_series(1, "
                    + ROWS + ") i");
            String digest = "SELECT count(*) || ':' || sum(id) || ':' || md5(string_agg(v || n, ',' ORDER BY id)) "
                    + "FROM public.batch";
            String expected = SOURCE.queryValue(digest);
            await(ROWS + " rows of one transaction applied").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        assertThat(rest.taskState("tx")).as("source").isEqualTo("RUNNING");
                        assertThat(rest.taskState("tx-sink")).as("sink").isEqualTo("RUNNING");
                        return expected.equals(TARGET.queryValue(digest));
                    });

            SOURCE.execute("DELETE FROM public.batch WHERE id > 0");
            await("the deleting transaction applied").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2))
                    .until(() -> "1".equals(TARGET.queryValue("SELECT count(*) FROM public.batch")));
            assertThat(rest.taskState("tx")).isEqualTo("RUNNING");
            assertThat(rest.taskState("tx-sink")).isEqualTo("RUNNING");
        }
    }
}
