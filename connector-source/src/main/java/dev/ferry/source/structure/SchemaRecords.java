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
import io.debezium.relational.Tables;
import io.debezium.spi.topic.TopicNamingStrategy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The schema records a task writes when it starts: one per selected table and topic partition,
 * in the topic Debezium names for the table's rows, so each precedes the rows that follow it.
 * Written at every start, they also carry the structure a table has reached since (the sink's
 * apply is idempotent). They carry no source partition or offset: nothing about them needs to be
 * resumed, and the connector's offsets stay Debezium's alone.
 */
public final class SchemaRecords {

    private SchemaRecords() {
    }

    /**
     * The structure without the columns Debezium's column.include/exclude.list leave out of the
     * events, so the target does not get a column that would only ever hold NULL. Keys, indexes
     * and constraints that name an excluded column go with it.
     */
    public static TableStructure withoutExcludedColumns(TableStructure structure, Tables.ColumnNameFilter filter) {
        List<String> excluded = structure.columns().stream()
                .map(TableStructure.Column::name)
                .filter(c -> !filter.matches(null, structure.schema(), structure.table(), c)).toList();
        if (excluded.isEmpty()) {
            return structure;
        }
        return new TableStructure(structure.schema(), structure.table(),
                structure.columns().stream().filter(c -> !excluded.contains(c.name())).toList(),
                structure.primaryKey(),
                structure.indexes().stream().filter(i -> i.columns().stream().noneMatch(excluded::contains)
                        && i.expressions().stream().noneMatch(e -> mentions(e, excluded))
                        && !mentions(i.predicate(), excluded)).toList(),
                structure.checks().stream().filter(c -> !mentions(c.expression(), excluded)).toList(),
                structure.foreignKeys().stream()
                        .filter(f -> f.columns().stream().noneMatch(excluded::contains)).toList(),
                structure.enumTypes(), structure.partitionKey(), structure.comment())
                .withPartitioning(structure.partitionOf(), structure.partitions());
    }

    /** Whether the expression names one of {@code columns}, bare or double-quoted (approximately: as a word). */
    private static boolean mentions(String expression, List<String> columns) {
        if (expression == null) {
            return false;
        }
        for (String column : columns) {
            boolean bare = Pattern.compile("(?<![\\w$])" + Pattern.quote(column) + "(?![\\w$])").matcher(expression)
                    .find();
            if (bare || expression.contains(QualifiedTableName.quote(column))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code record} is one of these, not Debezium's. */
    public static boolean isSchemaRecord(SourceRecord record) {
        return StructureRecords.isStructure(record.value());
    }

    /**
     * Reads the selected tables' structure (all but Ferry's own tables) into records for
     * {@code partitions}; {@code ddlCapture}: whether the source captures DDL (see
     * {@link StructureRecords#toStruct(TableStructure, boolean, boolean, dev.ferry.contract.structure.DdlCommand)}).
     */
    public static List<SourceRecord> read(Connection connection, Map<String, String> debeziumProps,
            List<QualifiedTableName> ferryTables, int partitions, boolean fullSyncComplete, boolean ddlCapture,
            Consumer<String> warnings) throws SQLException {
        PostgresConnectorConfig config = new PostgresConnectorConfig(Configuration.from(debeziumProps));
        TopicNamingStrategy<TableId> topics = config.getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY);
        Tables.ColumnNameFilter columns = config.getColumnFilter();
        long now = System.currentTimeMillis();
        List<SourceRecord> records = new ArrayList<>();
        for (SourceTable table : SelectedTables.load(connection, debeziumProps).selected()) {
            if (ferryTables.contains(table.name())) {
                continue;
            }
            TableStructure structure = TableStructureReader.read(connection, table.name().schema(),
                    table.name().table(), warnings);
            if (structure == null) {
                continue;
            }
            structure = withoutExcludedColumns(structure, columns);
            String topic = topics.dataChangeTopic(new TableId(null, table.name().schema(), table.name().table()));
            for (int partition = 0; partition < partitions; partition++) {
                records.add(new SourceRecord(null, null, topic, partition, null, null, StructureRecords.SCHEMA,
                        StructureRecords.toStruct(structure, fullSyncComplete, ddlCapture, null), now));
            }
        }
        return records;
    }
}
