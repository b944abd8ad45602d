package dev.ferry.benchmarks;

import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector configurations each contender runs with. Both sides get the same converters and
 * the same consumer fetch size; each keeps its own defaults otherwise, plus the settings its
 * documentation recommends for throughput (Debezium's JDBC sink: upsert with the reduction buffer).
 */
public final class ConnectorSettings {

    public static final String DEBEZIUM_SOURCE = "io.debezium.connector.postgresql.PostgresConnector";
    public static final String DEBEZIUM_SINK = "io.debezium.connector.jdbc.JdbcSinkConnector";
    public static final String FERRY_SINK = "dev.ferry.sink.DatabaseSinkConnector";

    /** Records per sink batch and per consumer poll, for both sinks. */
    public static final String SINK_BATCH = "5000";

    private ConnectorSettings() {
    }

    /** A source of either contender on {@code tables}; {@code streamOnly} skips the initial snapshot. */
    public static Map<String, String> source(String contender, PostgresExtension pg, String name, String tables, boolean streamOnly) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tasks.max", "1");
        config.putAll(pg.sourceConnectionConfig());
        config.put("topic.prefix", name);
        config.put("table.include.list", tables);
        if (contender.equals(Measurement.FERRY)) {
            config.put("connector.class", ConnectorConfigs.FERRY_SOURCE);
            config.put("precheck.mode", "warn");
        } else {
            config.put("connector.class", DEBEZIUM_SOURCE);
            config.put("plugin.name", "pgoutput");
            config.put("slot.name", name);
            config.put("publication.name", name);
            config.put("publication.autocreate.mode", "filtered");
        }
        config.put("snapshot.mode", streamOnly ? "no_data" : "initial");
        converters(config);
        return config;
    }

    /** A sink of either contender writing {@code topic} into a table named after the source table. */
    public static Map<String, String> sink(String contender, String topic, String jdbcUrl, String user, String password) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("connection.url", jdbcUrl);
        config.put("insert.mode", "upsert");
        config.put("delete.enabled", "true");
        config.put("primary.key.mode", "record_key");
        config.put("schema.evolution", "basic");
        config.put("batch.size", SINK_BATCH);
        config.put("consumer.override.max.poll.records", SINK_BATCH);
        if (contender.equals(Measurement.FERRY)) {
            config.put("connector.class", FERRY_SINK);
            config.put("connection.user", user);
            config.put("connection.password", password);
            config.put("table.name.format", "${source.table}");
        } else {
            config.put("connector.class", DEBEZIUM_SINK);
            config.put("connection.username", user);
            config.put("connection.password", password);
            config.put("collection.name.format", "${source.table}");
            config.put("use.reduction.buffer", "true");
        }
        converters(config);
        return config;
    }

    public static Map<String, String> postgresSink(String contender, Lab lab, String topic) {
        return sink(contender, topic, lab.postgresTargetUrl(), PostgresExtension.USER, PostgresExtension.PASSWORD);
    }

    public static Map<String, String> mariaDbSink(String contender, Lab lab, String topic) {
        return sink(contender, topic, lab.mariaDb().jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD);
    }

    private static void converters(Map<String, String> config) {
        config.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
        config.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
        config.put("key.converter.decimal.format", "NUMERIC");
        config.put("value.converter.decimal.format", "NUMERIC");
    }
}
