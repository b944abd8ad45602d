package dev.ferry.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.cli.kafka.KafkaOffsets;
import dev.ferry.cli.rest.ConnectClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Gathers one {@link StatusReport}: connector and task states over the Connect REST API, then
 * per connector the details its type allows. A detail that cannot be read (a source database
 * out of reach) is reported on that connector and does not stop the others.
 */
public final class StatusCollector implements AutoCloseable {

    private final ConnectClient connect;
    private final List<String> jmxUrls;
    private final Clock clock;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public StatusCollector(ConnectClient connect, String bootstrapServers, List<String> jmxUrls, Clock clock) {
        this.connect = connect;
        this.jmxUrls = jmxUrls;
        this.clock = clock;
        this.admin = KafkaOffsets.admin(bootstrapServers, 10000);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props);
    }

    public StatusReport collect(Thresholds thresholds) {
        JsonNode listed = connect.connectors();
        List<String> names = new ArrayList<>();
        listed.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        Map<String, Map<Integer, RetryWindowState>> windows = jmxUrls.isEmpty() ? Map.of()
                : WorkerJmx.retryWindows(jmxUrls);
        List<ConnectorStatus> connectors = new ArrayList<>();
        for (String name : names) {
            ConnectorStatus connector = fromRest(name, listed.get(name), windows.getOrDefault(name, Map.of()));
            connectors.add(withDetails(connector, config(listed.get(name))));
        }
        return StatusReport.of(clock.instant(), connect.baseUrl(), connectors, thresholds);
    }

    static ConnectorStatus fromRest(String name, JsonNode node, Map<Integer, RetryWindowState> windows) {
        JsonNode status = node.path("status");
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode task : status.path("tasks")) {
            int id = task.path("id").asInt();
            String trace = task.hasNonNull("trace") ? task.path("trace").asText().lines().findFirst().orElse("") : null;
            tasks.add(new TaskStatus(id, task.path("state").asText(), task.path("worker_id").asText(null), trace,
                    windows.get(id)));
        }
        return new ConnectorStatus(name, status.path("type").asText("?"),
                node.path("info").path("config").path("connector.class").asText("?"),
                status.path("connector").path("state").asText(), tasks, null, null, null);
    }

    private static Map<String, String> config(JsonNode node) {
        Map<String, String> config = new HashMap<>();
        node.path("info").path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    private ConnectorStatus withDetails(ConnectorStatus connector, Map<String, String> config) {
        try {
            if ("source".equals(connector.type()) && config.containsKey("database.hostname")) {
                return connector.withSource(new SourceInspector(admin, consumer)
                        .inspect(SourceSettings.from(config), connect.offsets(connector.name())));
            }
            if ("sink".equals(connector.type())) {
                return connector.withSink(new SinkLagReader(admin, consumer, clock.millis()).read(connector.name()));
            }
        } catch (Exception e) {
            return connector.withDetailsError(e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse(""));
        }
        return connector;
    }

    @Override
    public void close() {
        consumer.close();
        admin.close();
    }
}
