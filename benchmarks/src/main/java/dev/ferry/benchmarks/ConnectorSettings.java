package dev.ferry.benchmarks;

import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector configurations each contender runs with. Both sides write Kafka's JsonConverter
 * format (with schemas), or both Avro against the run's schema registry ({@link WireFormat}), and
 * get the same consumer fetch size; each keeps its own defaults otherwise,
 * plus the settings its documentation recommends for throughput (Ferry: its converter and the
 * producer settings of {@code config-examples/source-postgres.json}; Debezium's JDBC sink: upsert
 * with the reduction buffer).
 */
public final class ConnectorSettings {

    public static final String DEBEZIUM_SOURCE = "io.debezium.connector.postgresql.PostgresConnector";
    public static final String DEBEZIUM_SINK = "io.debezium.connector.jdbc.JdbcSinkConnector";
    public static final String FERRY_SINK = "dev.ferry.sink.DatabaseSinkConnector";

    /**
     * Ferry's contenders write with Ferry's converter (Kafka's JsonConverter format, each schema
     * serialized once), as its config examples recommend; Debezium's with Kafka's JsonConverter.
     */
    static final String FERRY_JSON_CONVERTER = "dev.ferry.converters.SchemaCachingJsonConverter";

    /** Debezium's Avro converter in Avro runs: Apicurio's. */
    static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";

    /**
     * Ferry's in Avro runs, as its Avro config examples recommend: Apicurio's converter, byte for
     * byte, with the per-schema work done once.
     */
    static final String FERRY_AVRO_CONVERTER = "dev.ferry.converters.avro.SchemaCachingAvroConverter";

    /** Records per sink batch and per consumer poll, for both sinks. */
    public static final String SINK_BATCH = "5000";

    /** The producer settings Ferry's source example recommends, read from the example itself. */
    static final Map<String, String> FERRY_SOURCE_PRODUCER = exampleProducerSettings("source-postgres.json");

    private ConnectorSettings() {
    }

    private static Map<String, String> exampleProducerSettings(String example) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config-examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No config-examples directory above " + Path.of("").toAbsolutePath());
        }
        try {
            JsonNode config = new ObjectMapper().readTree(dir.resolve("config-examples").resolve(example).toFile());
            Map<String, String> producer = new LinkedHashMap<>();
            config.fields().forEachRemaining(field -> {
                if (field.getKey().startsWith("producer.override.")) {
                    producer.put(field.getKey(), field.getValue().asText());
                }
            });
            return Map.copyOf(producer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read config-examples/" + example, e);
        }
    }

    /** A source of either contender on {@code tables}; {@code streamOnly} skips the initial snapshot. */
    public static Map<String, String> source(String contender, Lab lab, String name, String tables, boolean streamOnly) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tasks.max", "1");
        config.putAll(lab.postgres().sourceConnectionConfig());
        config.put("topic.prefix", name);
        config.put("table.include.list", tables);
        if (contender.equals(Measurement.FERRY)) {
            config.put("connector.class", ConnectorConfigs.FERRY_SOURCE);
            config.put("precheck.mode", "warn");
            config.putAll(FERRY_SOURCE_PRODUCER);
        } else {
            config.put("connector.class", DEBEZIUM_SOURCE);
            config.put("plugin.name", "pgoutput");
            config.put("slot.name", name);
            config.put("publication.name", name);
            config.put("publication.autocreate.mode", "filtered");
        }
        config.put("snapshot.mode", streamOnly ? "no_data" : "initial");
        converters(config, contender, lab);
        config.putAll(lab.overrides(contender, "source"));
        return config;
    }

    /** A sink of either contender writing {@code topic} into a table named after the source table. */
    public static Map<String, String> sink(String contender, Lab lab, String topic, String jdbcUrl, String user, String password) {
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
        converters(config, contender, lab);
        config.putAll(lab.overrides(contender, "sink"));
        return config;
    }

    public static Map<String, String> postgresSink(String contender, Lab lab, String topic) {
        return sink(contender, lab, topic, lab.postgresTargetUrl(), PostgresExtension.USER, PostgresExtension.PASSWORD);
    }

    public static Map<String, String> mariaDbSink(String contender, Lab lab, String topic) {
        return sink(contender, lab, topic, lab.mariaDb().jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD);
    }

    private static void converters(Map<String, String> config, String contender, Lab lab) {
        if (lab.format() == WireFormat.AVRO) {
            // As config-examples/*-avro.json: Confluent's wire format, the schema's content id, no headers.
            String avro = contender.equals(Measurement.FERRY) ? FERRY_AVRO_CONVERTER : AVRO_CONVERTER;
            for (String side : List.of("key", "value")) {
                config.put(side + ".converter", avro);
                config.put(side + ".converter.apicurio.registry.url", lab.registryUrl());
                config.put(side + ".converter.apicurio.registry.auto-register", "true");
                config.put(side + ".converter.apicurio.registry.as-confluent", "true");
                config.put(side + ".converter.apicurio.registry.use-id", "contentId");
                config.put(side + ".converter.apicurio.registry.headers.enabled", "false");
            }
            return;
        }
        String converter = contender.equals(Measurement.FERRY) ? FERRY_JSON_CONVERTER : ConnectorConfigs.JSON_CONVERTER;
        config.put("key.converter", converter);
        config.put("value.converter", converter);
        config.put("key.converter.decimal.format", "NUMERIC");
        config.put("value.converter.decimal.format", "NUMERIC");
    }
}
