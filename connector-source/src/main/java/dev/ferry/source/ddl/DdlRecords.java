package dev.ferry.source.ddl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.contract.DdlCommandTable;
import dev.ferry.contract.structure.DdlCommand;
import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructureReader;
import dev.ferry.source.catalog.SourceConnections;
import dev.ferry.source.config.QualifiedTableName;
import dev.ferry.source.metrics.SourceMetrics;
import dev.ferry.source.snapshot.AddedTables;
import dev.ferry.source.structure.SchemaRecords;
import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.relational.TableId;
import io.debezium.relational.Tables;
import io.debezium.spi.topic.TopicNamingStrategy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the change events of the DDL command table into DDL records: each row this connector's
 * trigger inserted for a selected table becomes a schema record with the command, on the
 * table's topic (each partition of schema.records.partitions), in the row's place in the
 * stream and with its source offset. Every other event of the table (the snapshot's reads,
 * deletes, other connectors' rows) is left out.
 */
public final class DdlRecords {

    private static final Logger LOG = LoggerFactory.getLogger(DdlRecords.class);
    private static final TypeReference<Map<String, List<Map<String, Object>>>> ROWS = new TypeReference<>() { };
    /** A DROP … CASCADE: CASCADE ending a clause, not as a foreign key's ON DELETE/UPDATE action. */
    private static final Pattern CASCADE = Pattern.compile(
            "(?is)\\bdrop\\b[^;]*?(?<!\\bon\\s{1,9}(delete|update)\\s{1,9})\\bcascade\\b\\s*(;|,|$)");

    private final Map<String, String> debeziumProps;
    private final String slotName;
    private final QualifiedTableName heartbeatTable;
    private final QualifiedTableName ddlTable;
    private final String ddlTopic;
    private final TopicNamingStrategy<TableId> topics;
    private final Tables.TableFilter tableFilter;
    private final Tables.ColumnNameFilter columnFilter;
    private final int partitions;
    private final boolean failOnUnsupported;
    private final Consumer<String> warnings;
    private final SourceMetrics metrics;
    private final ObjectMapper json = new ObjectMapper();
    private Connection connection;
    /** Index (schema and name) to its table, from the structures this task has written. */
    private final Map<QualifiedTableName, QualifiedTableName> indexTables = new java.util.HashMap<>();
    private final LostKeys lostKeys = new LostKeys();
    /** The signaling table through which renamed tables are copied; null when there is none. */
    private QualifiedTableName signalTable;

    public DdlRecords(Map<String, String> debeziumProps, String slotName, QualifiedTableName heartbeatTable,
            QualifiedTableName ddlTable, int partitions, boolean failOnUnsupported, Consumer<String> warnings,
            SourceMetrics metrics) {
        this.metrics = metrics;
        this.debeziumProps = debeziumProps;
        this.slotName = slotName;
        this.heartbeatTable = heartbeatTable;
        this.ddlTable = ddlTable;
        this.partitions = partitions;
        this.failOnUnsupported = failOnUnsupported;
        this.warnings = warnings;
        PostgresConnectorConfig config = new PostgresConnectorConfig(Configuration.from(debeziumProps));
        this.topics = config.getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY);
        this.tableFilter = config.getTableFilters().dataCollectionFilter();
        this.columnFilter = config.getColumnFilter();
        this.ddlTopic = topics.dataChangeTopic(new TableId(null, ddlTable.schema(), ddlTable.table()));
    }

    /**
     * Copies renamed tables through Debezium's incremental snapshot, asked for in {@code table}
     * (snapshot.added.tables); without it the sinks rename the old table in place.
     */
    public void copyRenamedTablesThrough(QualifiedTableName table) {
        this.signalTable = table;
    }

    /** Learns which table each index of these schema records belongs to (a DROP INDEX names only the index). */
    public void remember(List<SourceRecord> schemaRecords) {
        for (SourceRecord record : schemaRecords) {
            if (record.value() instanceof Struct value && StructureRecords.isStructure(value)) {
                remember(StructureRecords.fromStruct(value));
            }
        }
    }

    private void remember(TableStructure structure) {
        lostKeys.remember(structure);
        QualifiedTableName table = new QualifiedTableName(structure.schema(), structure.table());
        for (TableStructure.Index index : structure.indexes()) {
            indexTables.put(new QualifiedTableName(structure.schema(), index.name()), table);
        }
    }

    /**
     * {@code records} with the DDL command table's events replaced by DDL records, and keys where
     * Debezium lost them (see {@link LostKeys}); the same list when neither is found.
     */
    public List<SourceRecord> replace(List<SourceRecord> records) throws SQLException {
        if (records.stream().noneMatch(r -> ddlTopic.equals(r.topic()))) {
            return lostKeys.restore(records);
        }
        // In order: a table created in this batch is known by the time its rows come.
        List<SourceRecord> replaced = new ArrayList<>(records.size() + partitions);
        for (SourceRecord record : records) {
            if (ddlTopic.equals(record.topic())) {
                replaced.addAll(ddlRecords(record));
            } else {
                replaced.add(lostKeys.restore(record));
            }
        }
        return replaced;
    }

    private List<SourceRecord> ddlRecords(SourceRecord record) throws SQLException {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null
                || !"c".equals(envelope.getString("op")) || envelope.getStruct("after") == null) {
            return List.of();
        }
        Struct row = envelope.getStruct("after");
        if (!slotName.equals(row.getString(DdlCommandTable.SLOT_NAME))) {
            return List.of();
        }
        QualifiedTableName table = new QualifiedTableName(row.getString(DdlCommandTable.SCHEMA_NAME),
                row.getString(DdlCommandTable.TABLE_NAME));
        DdlCommand ddl = new DdlCommand(row.getString(DdlCommandTable.COMMAND_TAG),
                row.getString(DdlCommandTable.OBJECT_TYPE), row.getString(DdlCommandTable.OBJECT_IDENTITY),
                row.getString(DdlCommandTable.STATEMENT));
        if (ddl.droppedIndex() != null) {
            // The row names the index; its table is the one whose structure last listed it.
            table = indexTables.get(table);
            if (table == null) {
                LOG.debug("Dropped index {} belongs to no table this connector knows", ddl.objectIdentity());
                return List.of();
            }
        }
        if (table.equals(heartbeatTable) || table.equals(ddlTable)
                || !tableFilter.isIncluded(new TableId(null, table.schema(), table.table()))) {
            LOG.debug("DDL on {} is outside the selection: {}", table, ddl.statement());
            return List.of();
        }
        String unsupported = unsupported(row, ddl);
        if (unsupported != null) {
            String message = "DDL on " + table + " is not replicated (" + unsupported + "): " + ddl.statement();
            metrics.unsupportedDdl(message);
            if (failOnUnsupported) {
                throw new ConnectException(message + " (ddl.unsupported=fail; apply it to the targets yourself, "
                        + "then set ddl.unsupported=warn to go on)");
            }
            LOG.warn("{}; apply it to the targets yourself", message);
            return List.of();
        }
        List<SourceRecord> records = new ArrayList<>();
        QualifiedTableName renamedFrom = "table".equals(ddl.objectType()) && RenamedTable.renames(ddl.statement())
                ? RenamedTable.before(ddl.statement(), table) : null;
        boolean copyRenamed = renamedFrom != null && signalTable != null && table.incrementalSnapshotCapable()
                && tableFilter.isIncluded(new TableId(null, renamedFrom.schema(), renamedFrom.table()));
        if (copyRenamed) {
            // The old name's topic ends with a drop after its last rows; the new name's target table is
            // created and copied while streaming goes on. The two topics have no order between them, so a
            // target table renamed in place could meet the old topic's last rows after newer changes.
            records.addAll(records(record, renamedFrom, TableStructure.dropped(renamedFrom.schema(),
                    renamedFrom.table()), new DdlCommand("DROP TABLE", "table", renamedFrom.quoted(),
                    ddl.statement())));
        } else if (renamedFrom != null) {
            // Without a signaling table, or a name Debezium's incremental snapshot cannot take: the sink
            // renames the old name's target table.
            ddl = ddl.withRenamedFrom(new DdlCommand.TableName(renamedFrom.schema(), renamedFrom.table()));
        } else if ("table".equals(ddl.objectType()) && RenamedTable.renames(ddl.statement())) {
            LOG.warn("Table {} was renamed by a statement Ferry cannot read the old name from ({}): its rows now go "
                    + "to the topic of the new name, whose target table is created anew. Rename the old target "
                    + "table on the targets (or copy its rows) to keep them", table, ddl.statement());
        }
        TableStructure structure = structureAfter(table, ddl, row.getString(DdlCommandTable.STRUCTURE));
        remember(structure);
        records.addAll(records(record, table, structure, ddl));
        if (copyRenamed) {
            try {
                AddedTables.requestSnapshot(connection(), signalTable, List.of(table));
            } catch (SQLException e) {
                close();
                throw e;
            }
            LOG.info("Table {} renamed to {}: the targets drop the old table after its last rows and copy the renamed "
                    + "one while streaming goes on", renamedFrom, table);
        }
        metrics.ddlRecordWritten();
        return records;
    }

    /** The DDL record of {@code table} on its topic, in each partition, with the command row's offset. */
    private List<SourceRecord> records(SourceRecord commandRow, QualifiedTableName table, TableStructure structure,
            DdlCommand ddl) {
        String topic = topics.dataChangeTopic(new TableId(null, table.schema(), table.table()));
        Struct value = StructureRecords.toStruct(structure, true, true, ddl);
        List<SourceRecord> records = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            records.add(new SourceRecord(commandRow.sourcePartition(), commandRow.sourceOffset(), topic, partition,
                    null, null, StructureRecords.SCHEMA, value, commandRow.timestamp()));
        }
        LOG.info("DDL on {} ({} of {} {}) goes to {} as a DDL record", table, ddl.commandTag(), ddl.objectType(),
                ddl.objectIdentity(), topic);
        return records;
    }

    /** Why the command is not replicated, or null when it is. */
    private static String unsupported(Struct row, DdlCommand ddl) {
        if (Boolean.TRUE.equals(row.get(DdlCommandTable.REPLICA_SESSION))) {
            return "it ran with session_replication_role=replica";
        }
        if (Boolean.TRUE.equals(row.get(DdlCommandTable.IN_FUNCTION))) {
            return "it ran inside a function";
        }
        if (dropsWithCascade(ddl.statement())) {
            return "it drops with CASCADE, which may drop objects on the target that the source kept";
        }
        return null;
    }

    static boolean dropsWithCascade(String statement) {
        return statement != null && CASCADE.matcher(statement).find();
    }

    /**
     * The table's structure right after the command, as the trigger read it from the catalog then
     * (a later command may have changed the table since). A dropped table has none.
     */
    private TableStructure structureAfter(QualifiedTableName table, DdlCommand ddl, String structureJson)
            throws SQLException {
        if (ddl.droppedIndex() != null) {
            try {
                TableStructure now = TableStructureReader.read(connection(), table.schema(), table.table(), warnings);
                if (now != null) {
                    return SchemaRecords.withoutExcludedColumns(now, columnFilter);
                }
            } catch (SQLException e) {
                close();
                throw e;
            }
        }
        if (ddl.dropsTable() || structureJson == null) {
            return TableStructure.dropped(table.schema(), table.table());
        }
        Map<String, List<Map<String, Object>>> rows;
        try {
            rows = json.readValue(structureJson, ROWS);
        } catch (JsonProcessingException e) {
            throw new ConnectException("Unreadable structure in " + ddlTable + " for DDL on " + table + ": "
                    + e.getMessage(), e);
        }
        rows.values().removeIf(java.util.Objects::isNull);
        try {
            TableStructure structure = TableStructureReader.captured(connection(), table.schema(), table.table(), rows,
                    warnings);
            return SchemaRecords.withoutExcludedColumns(structure, columnFilter);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = SourceConnections.open(debeziumProps);
        }
        return connection;
    }

    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the DDL records' connection: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
