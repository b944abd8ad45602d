package dev.ferry.sink;

import dev.ferry.testsupport.ConnectorConfigs;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sink connector configurations as a user would PUT them. */
final class SinkConfigs {

    private SinkConfigs() {
    }

    static Map<String, String> ferrySink(String name, String topicsRegex, String url, String user, String password) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("connector.class", DatabaseSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics.regex", topicsRegex);
        config.put("connection.url", url);
        config.put("connection.user", user);
        config.put("connection.password", password);
        config.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
        config.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
        config.put("value.converter.decimal.format", "NUMERIC");
        config.put("key.converter.decimal.format", "NUMERIC");
        config.put("retry.backoff.ms", "500");
        return config;
    }
}
