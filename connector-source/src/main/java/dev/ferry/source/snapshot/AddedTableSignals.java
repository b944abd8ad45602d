package dev.ferry.source.snapshot;

import dev.ferry.source.config.DebeziumProperties;
import dev.ferry.source.config.QualifiedTableName;
import dev.ferry.source.retry.ConnectionRetryWindow;
import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.relational.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling table as one task uses it (snapshot.added.tables): created at start, where the
 * task asks for an incremental snapshot of the tables that joined the selection since the last
 * start (see {@link AddedTables}); its own change events are left out of each batch (Debezium
 * reads its signals itself).
 */
public final class AddedTableSignals {

    private static final Logger LOG = LoggerFactory.getLogger(AddedTableSignals.class);

    /** The signaling table's topic; null when the table could not be created. */
    private final String signalTopic;
    private final Map<String, String> debeziumProps;

    private AddedTableSignals(String signalTopic, Map<String, String> debeziumProps) {
        this.signalTopic = signalTopic;
        this.debeziumProps = debeziumProps;
    }

    /**
     * Creates the signaling table and asks for a snapshot of the tables of {@code selected} that
     * are new since the last start (none on the first start: the initial snapshot reads them all).
     * A user who may not create it gets a warning, and the table leaves Debezium's selection.
     */
    public static AddedTableSignals prepare(Connection connection, QualifiedTableName signalTable,
            Map<String, String> debeziumProps, OffsetStorageReader offsets, String topicPrefix,
            List<QualifiedTableName> selected) throws SQLException {
        try {
            AddedTables.createSignalTable(connection, signalTable);
        } catch (SQLException e) {
            if (ConnectionRetryWindow.isConnectionFailure(e)) {
                throw e;
            }
            LOG.warn("snapshot.added.tables: cannot create the signaling table {} ({}); tables added to the selection "
                    + "will get no existing rows. Grant CREATE on schema {} to the connector's user", signalTable,
                    e.getMessage(), signalTable.schema());
            return new AddedTableSignals(null, DebeziumProperties.without(debeziumProps, signalTable));
        }
        String topic = new PostgresConnectorConfig(Configuration.from(debeziumProps))
                .getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY)
                .dataChangeTopic(new TableId(null, signalTable.schema(), signalTable.table()));
        boolean streamedBefore = offsets.offset(Map.of("server", topicPrefix)) != null;
        List<QualifiedTableName> added = AddedTables.added(offsets.offset(AddedTables.partition(topicPrefix)), selected);
        if (streamedBefore && !added.isEmpty()) {
            AddedTables.requestSnapshot(connection, signalTable, added);
        }
        return new AddedTableSignals(topic, debeziumProps);
    }

    /** Whether the signaling table is there, so Debezium can be asked for incremental snapshots. */
    public boolean available() {
        return signalTopic != null;
    }

    /** Debezium's properties: without the signaling table when it could not be created. */
    public Map<String, String> debeziumProps() {
        return debeziumProps;
    }

    /** The records but the signaling table's. */
    public List<SourceRecord> withoutSignals(List<SourceRecord> records) {
        if (signalTopic == null || records == null || records.stream().noneMatch(r -> signalTopic.equals(r.topic()))) {
            return records;
        }
        return records.stream().filter(r -> !signalTopic.equals(r.topic())).toList();
    }
}
