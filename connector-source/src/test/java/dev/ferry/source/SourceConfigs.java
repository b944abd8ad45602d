package dev.ferry.source;

import dev.ferry.testsupport.PostgresExtension;
import java.util.LinkedHashMap;
import java.util.Map;

/** Source connector configurations as a user would PUT them. */
final class SourceConfigs {

    private SourceConfigs() {
    }

    static Map<String, String> ferrySource(PostgresExtension pg, String topicPrefix, String tableIncludeList) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", topicPrefix);
        config.put("connector.class", PostgresSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.putAll(pg.sourceConnectionConfig());
        config.put("topic.prefix", topicPrefix);
        config.put("table.include.list", tableIncludeList);
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.decimal.format", "NUMERIC");
        config.put("key.converter.decimal.format", "NUMERIC");
        config.put("heartbeat.interval.ms", "1000");
        // Let Connect create the topics with the broker defaults, as in config-examples/.
        config.put("topic.creation.default.replication.factor", "-1");
        config.put("topic.creation.default.partitions", "-1");
        return config;
    }
}
