package dev.ferry.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/** Connector configurations as a user would PUT them, shared by every module's ITs. */
public final class ConnectorConfigs {

    public static final String FERRY_SOURCE = "dev.ferry.source.PostgresSourceConnector";
    public static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    private ConnectorConfigs() {
    }

    /**
     * Ferry's source connector on {@code pg}, named after its topic prefix, with JSON records,
     * 1 s heartbeats, and topics created by Connect with the broker defaults.
     */
    public static Map<String, String> ferrySource(PostgresExtension pg, String topicPrefix, String tableIncludeList) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", topicPrefix);
        config.put("connector.class", FERRY_SOURCE);
        config.put("tasks.max", "1");
        config.putAll(pg.sourceConnectionConfig());
        config.put("topic.prefix", topicPrefix);
        config.put("table.include.list", tableIncludeList);
        config.put("key.converter", JSON_CONVERTER);
        config.put("value.converter", JSON_CONVERTER);
        config.put("value.converter.decimal.format", "NUMERIC");
        config.put("key.converter.decimal.format", "NUMERIC");
        config.put("heartbeat.interval.ms", "1000");
        config.put("topic.creation.default.replication.factor", "-1");
        config.put("topic.creation.default.partitions", "-1");
        return config;
    }
}
