package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 50 MB row: with the Kafka size settings the README lists it replicates byte for byte; without
 * them the source task fails naming the producer setting to raise, and nothing is skipped.
 */
class LargeRowIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int ROW_MB = 50;
    private static final String FERRY_JSON = "dev.ferry.converters.SchemaCachingJsonConverter";

    @Test
    void aFiftyMegabyteRowReplicatesWithTheDocumentedSizeSettingsAndFailsLoudlyWithout() throws Exception {
        SOURCE.execute("CREATE TABLE public.big (id int PRIMARY KEY, body text)",
                "INSERT INTO public.big VALUES (1, 'small')");
        Map<String, String> sized = ConnectorConfigs.ferrySource(SOURCE, "sized", "public.big");
        sized.put("key.converter", FERRY_JSON);
        sized.put("value.converter", FERRY_JSON);
        sized.put("producer.override.max.request.size", String.valueOf(128 << 20));
        sized.put("producer.override.buffer.memory", String.valueOf(256 << 20));
        sized.put("topic.creation.default.max.message.bytes", String.valueOf(128 << 20));
        CONNECT.rest().putConnectorConfig("sized", sized);
        CONNECT.rest().putConnectorConfig("unsized", ConnectorConfigs.ferrySource(SOURCE, "unsized", "public.big"));
        CONNECT.topics().awaitMessages("sized.public.big", TIMEOUT, m -> !m.isEmpty());
        CONNECT.topics().awaitMessages("unsized.public.big", TIMEOUT, m -> !m.isEmpty());
        Map<String, String> sink = SinkConfigs.ferrySink("sized-pg", "sized\\.public\\.big", TARGET.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        // Kafka's JsonConverter reads strings of up to 20 million characters (Jackson's limit); Ferry's any length.
        sink.put("key.converter", FERRY_JSON);
        sink.put("value.converter", FERRY_JSON);
        sink.put("consumer.override.max.partition.fetch.bytes", String.valueOf(128 << 20));
        sink.put("consumer.override.fetch.max.bytes", String.valueOf(128 << 20));
        CONNECT.rest().putConnectorConfig("sized-pg", sink);

        // Random hex, so neither TOAST nor Kafka's compression shrinks it.
        SOURCE.execute("INSERT INTO public.big SELECT 2, string_agg(md5(random()::text), '') FROM generate_series(1, "
                + (ROW_MB << 20) / 32 + ")");
        assertThat(SOURCE.queryValue("SELECT length(body) FROM public.big WHERE id = 2"))
                .isEqualTo(String.valueOf(ROW_MB << 20));
        String rows = "SELECT id, length(body), md5(body) FROM public.big ORDER BY id";
        awaitEqual(SOURCE, "the 50 MB row", rows, TARGET, rows);
        assertThat(CONNECT.rest().taskState("sized")).isEqualTo("RUNNING");

        await("the source without the size settings fails").atMost(TIMEOUT)
                .until(() -> "FAILED".equals(CONNECT.rest().taskState("unsized")));
        assertThat(CONNECT.rest().taskTrace("unsized")).contains("max.request.size");
        CONNECT.rest().deleteConnector("unsized");
        CONNECT.rest().deleteConnector("sized-pg");
        CONNECT.rest().deleteConnector("sized");
    }
}
