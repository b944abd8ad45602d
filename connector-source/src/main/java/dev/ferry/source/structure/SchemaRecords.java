package dev.ferry.source.structure;

import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructureReader;
import dev.ferry.source.catalog.SelectedTables;
import dev.ferry.source.catalog.SourceTable;
import dev.ferry.source.config.QualifiedTableName;
import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.relational.TableId;
import io.debezium.spi.topic.TopicNamingStrategy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema records a task writes when it starts: one per selected table and topic partition,
 * in the topic Debezium names for the table's rows, so each precedes the rows that follow it.
 * Written at every start, they also carry the structure a table has reached since (the sink's
 * apply is idempotent). They have their own source partition: their offsets never mix with
 * Debezium's.
 */
public final class SchemaRecords {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRecords.class);

    static final Map<String, String> SOURCE_PARTITION = Map.of("ferry", "schema.records");

    private SchemaRecords() {
    }

    /** Whether {@code record} is one of these, not Debezium's. */
    public static boolean isSchemaRecord(SourceRecord record) {
        return SOURCE_PARTITION.equals(record.sourcePartition());
    }

    /** Reads the selected tables' structure (all but the heartbeat table) into records for {@code partitions}. */
    @SuppressWarnings("unchecked")
    public static List<SourceRecord> read(Connection connection, Map<String, String> debeziumProps,
            QualifiedTableName heartbeatTable, int partitions) throws SQLException {
        TopicNamingStrategy<TableId> topics = new PostgresConnectorConfig(Configuration.from(debeziumProps))
                .getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY);
        long now = System.currentTimeMillis();
        List<SourceRecord> records = new ArrayList<>();
        for (SourceTable table : SelectedTables.load(connection, debeziumProps).selected()) {
            if (table.name().equals(heartbeatTable)) {
                continue;
            }
            TableStructure structure = TableStructureReader.read(connection, table.name().schema(),
                    table.name().table(), warning -> LOG.warn("Schema records: {}", warning));
            if (structure == null) {
                continue;
            }
            String topic = topics.dataChangeTopic(new TableId(null, table.name().schema(), table.name().table()));
            for (int partition = 0; partition < partitions; partition++) {
                records.add(new SourceRecord(SOURCE_PARTITION, Map.of("read_ms", now), topic, partition, null, null,
                        StructureRecords.SCHEMA, StructureRecords.toStruct(structure), now));
            }
        }
        return records;
    }
}
