package dev.ferry.source.ddl;

import dev.ferry.source.catalog.SelectedTables;
import dev.ferry.source.config.DebeziumProperties;
import dev.ferry.source.config.FerrySourceConfig;
import dev.ferry.source.config.QualifiedTableName;
import dev.ferry.source.metrics.SourceMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DDL sync as one task runs it (ddl.sync): installs the capture when it starts, then puts DDL
 * records in place of the DDL command table's events in each batch. A batch whose DDL records
 * cannot be made yet (the database is unreachable) waits and is retried first.
 */
public final class DdlStream {

    private static final Logger LOG = LoggerFactory.getLogger(DdlStream.class);

    private final boolean captured;
    private final Map<String, String> debeziumProps;
    private final DdlRecords records;
    /** Debezium's records whose DDL records could not be made yet: retried first. */
    private List<SourceRecord> pending;

    private DdlStream(boolean captured, Map<String, String> debeziumProps, DdlRecords records) {
        this.captured = captured;
        this.debeziumProps = debeziumProps;
        this.records = records;
    }

    /**
     * Installs the event triggers where the connector's user may; without them (or with the DDL
     * table outside the captured schemas) the stream carries no DDL, and the DDL table leaves
     * Debezium's selection.
     */
    public static DdlStream install(Connection connection, FerrySourceConfig ferry, Map<String, String> debeziumProps,
            String slotName, List<QualifiedTableName> ferryTables, Consumer<String> warnings, SourceMetrics metrics)
            throws SQLException {
        boolean captured = DdlCapture.install(connection, ferry.ddlTable(), slotName,
                debeziumProps.get(FerrySourceConfig.PUBLICATION_NAME), debeziumProps, ferryTables,
                ferry.replicaIdentityFull());
        if (captured && !SelectedTables.filtersInclude(debeziumProps, ferry.ddlTable())) {
            // Without its rows in the stream, DDL records never come: sinks must keep adding columns.
            captured = false;
            LOG.warn("ddl.sync: {} is excluded by schema.include.list/schema.exclude.list, so DDL does not "
                    + "reach Kafka. Set heartbeat.table to a table in a captured schema (the DDL table "
                    + "lives in its schema)", ferry.ddlTable());
        }
        Map<String, String> props = captured ? debeziumProps : DebeziumProperties.without(debeziumProps, ferry.ddlTable());
        return new DdlStream(captured, props, new DdlRecords(props, slotName, ferry.heartbeatTable(), ferry.ddlTable(),
                ferry.schemaRecordsPartitions(), ferry.failOnUnsupportedDdl(), warnings, metrics));
    }

    /** Whether DDL reaches Kafka, so schema records say structure changes come as DDL records. */
    public boolean captured() {
        return captured;
    }

    /** Debezium's properties: without the DDL table when DDL is not captured. */
    public Map<String, String> debeziumProps() {
        return debeziumProps;
    }

    /** Learns the indexes of these schema records (see {@link DdlRecords#remember}). */
    public void remember(List<SourceRecord> schemaRecords) {
        records.remember(schemaRecords);
    }

    /** See {@link DdlRecords#copyRenamedTablesThrough}. */
    public void copyRenamedTablesThrough(QualifiedTableName signalTable) {
        records.copyRenamedTablesThrough(signalTable);
    }

    /** Whether a batch waits for its DDL records. */
    public boolean hasPending() {
        return pending != null;
    }

    /** The waiting batch, with its DDL records now. */
    public List<SourceRecord> retryPending() {
        return withDdlRecords(pending);
    }

    /**
     * The batch with DDL records in place of the DDL command table's events. When the catalog
     * cannot be read, the batch waits (Connect retries a poll that throws a RetriableException).
     */
    public List<SourceRecord> withDdlRecords(List<SourceRecord> batch) {
        try {
            pending = null;
            return records.replace(batch);
        } catch (SQLException e) {
            pending = batch;
            throw new RetriableException("Cannot read the structure for a DDL record (" + e.getMessage()
                    + "); the batch is retried", e);
        }
    }

    public void close() {
        records.close();
    }
}
