package dev.ferry.sink;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stock Debezium PostgreSQL connector feeds Ferry's sink: once as Debezium envelopes, once
 * flattened by {@code ExtractNewRecordState} with tombstones as deletes. Unchanged TOAST
 * values arrive as Debezium's placeholder: the sink takes them from the before-image, or leaves
 * the column untouched in the target.
 */
class StockDebeziumIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void envelopesAndFlattenedRecordsFromStockDebeziumEndEqualToTheSource() throws Exception {
        int rows = 10_000;
        PipelineIT.createSourceTables(SOURCE, rows);
        // Without full before-images a key-changing UPDATE of a row with an unchanged TOAST value
        // carries no value for it at all; Debezium's documentation asks for REPLICA IDENTITY FULL.
        SOURCE.execute("ALTER TABLE public.orders REPLICA IDENTITY FULL");
        CONNECT.rest().putConnectorConfig("dbz", debezium("dbz", Map.of()));
        Map<String, String> flat = new LinkedHashMap<>();
        flat.put("transforms", "unwrap");
        flat.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        flat.put("transforms.unwrap.delete.tombstone.handling.mode", "tombstone");
        CONNECT.rest().putConnectorConfig("flat", debezium("flat", flat));
        CONNECT.topics().awaitMessages("dbz.public.orders", TIMEOUT, m -> !m.isEmpty());
        CONNECT.topics().awaitMessages("dbz.public.events", TIMEOUT, m -> !m.isEmpty());
        CONNECT.topics().awaitMessages("flat.public.orders", TIMEOUT, m -> !m.isEmpty());

        Map<String, String> envelopeSink = SinkConfigs.ferrySink("dbz-sink", "dbz\\.public\\..*", TARGET.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        envelopeSink.put("table.name.format", "envelope.${source.table}");
        CONNECT.rest().putConnectorConfig("dbz-sink", envelopeSink);
        Map<String, String> flatSink = SinkConfigs.ferrySink("flat-sink", "flat\\.public\\.orders", TARGET.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        flatSink.put("table.name.format", "flat.${source.table}");
        CONNECT.rest().putConnectorConfig("flat-sink", flatSink);

        PipelineIT.runWorkload(SOURCE, rows);

        String source = PipelineIT.SOURCE_ORDERS;
        PipelineIT.awaitEqual(SOURCE, "envelope orders", source, TARGET, source.replace("public.orders", "envelope.orders"));
        PipelineIT.awaitEqual(SOURCE, "envelope events", "SELECT * FROM public.events ORDER BY id", TARGET,
                "SELECT * FROM envelope.events ORDER BY id");
        PipelineIT.awaitEqual(SOURCE, "flattened orders", source, TARGET, source.replace("public.orders", "flat.orders"));
    }

    private static Map<String, String> debezium(String prefix, Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.put("tasks.max", "1");
        config.putAll(SOURCE.sourceConnectionConfig());
        config.put("topic.prefix", prefix);
        config.put("plugin.name", "pgoutput");
        config.put("slot.name", "dbz_" + prefix);
        config.put("publication.name", "dbz_" + prefix);
        config.put("publication.autocreate.mode", "filtered");
        config.put("table.include.list", "public.orders,public.events");
        config.put("skipped.operations", "none");
        config.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
        config.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
        config.put("value.converter.decimal.format", "NUMERIC");
        config.put("key.converter.decimal.format", "NUMERIC");
        config.put("topic.creation.default.replication.factor", "-1");
        config.put("topic.creation.default.partitions", "-1");
        config.putAll(extra);
        return config;
    }
}
