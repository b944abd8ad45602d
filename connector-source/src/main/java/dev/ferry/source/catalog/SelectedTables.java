package dev.ferry.source.catalog;

import dev.ferry.source.config.QualifiedTableName;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.relational.TableId;
import io.debezium.relational.Tables.TableFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The source's tables, and which of them the connector captures: Debezium's own include/exclude
 * filters decide, so Ferry and Debezium never disagree about the selection.
 */
public final class SelectedTables {

    private static final String TABLES_SQL = """
            SELECT n.nspname, c.relname, c.relkind = 'p' AS partitioned,
                   (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i
                      JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                     WHERE i.inhrelid = c.oid AND c.relispartition LIMIT 1) AS parent,
                   c.relreplident,
                   EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid AND x.indisprimary) AS has_pk,
                   EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid AND x.indisunique
                             AND x.indpred IS NULL AND x.indexprs IS NULL
                             AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                               AND a.attnum = ANY (x.indkey) AND NOT a.attnotnull)) AS has_unique,
                   pg_has_role(c.relowner, 'USAGE') AS owned
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p')
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
             ORDER BY 1, 2
            """;

    private final List<SourceTable> all;
    private final List<SourceTable> selected;

    private SelectedTables(List<SourceTable> all, List<SourceTable> selected) {
        this.all = all;
        this.selected = selected;
    }

    /** Whether the Debezium filters of {@code debeziumProps} capture the table, existing or not. */
    public static boolean filtersInclude(Map<String, String> debeziumProps, QualifiedTableName name) {
        return filter(debeziumProps).isIncluded(new TableId(null, name.schema(), name.table()));
    }

    private static TableFilter filter(Map<String, String> debeziumProps) {
        return new PostgresConnectorConfig(Configuration.from(debeziumProps)).getTableFilters().dataCollectionFilter();
    }

    /** Reads the catalog and applies the Debezium filters of {@code debeziumProps}. */
    public static SelectedTables load(Connection connection, Map<String, String> debeziumProps) throws SQLException {
        TableFilter filter = filter(debeziumProps);
        List<SourceTable> all = new ArrayList<>();
        List<SourceTable> selected = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(TABLES_SQL)) {
            while (rs.next()) {
                String parent = rs.getString("parent");
                SourceTable table = new SourceTable(
                        new QualifiedTableName(rs.getString(1), rs.getString(2)),
                        rs.getBoolean("partitioned"),
                        parent == null ? null : QualifiedTableName.parse(parent),
                        rs.getString("relreplident").charAt(0),
                        rs.getBoolean("has_pk"),
                        rs.getBoolean("has_unique"),
                        rs.getBoolean("owned"));
                all.add(table);
                if (filter.isIncluded(new TableId(null, table.name().schema(), table.name().table()))) {
                    selected.add(table);
                }
            }
        }
        return new SelectedTables(all, selected);
    }

    public List<SourceTable> all() {
        return all;
    }

    public List<SourceTable> selected() {
        return selected;
    }

    /**
     * The tables whose rows the connector's events come from: the selected ordinary tables and
     * every leaf partition of a selected partitioned table (whose changes are published through
     * the root, but logged with the partition's own replica identity).
     */
    public List<SourceTable> rowTables() {
        List<SourceTable> tables = new ArrayList<>();
        for (SourceTable table : selected) {
            if (table.partitioned()) {
                addLeafPartitions(table.name(), tables);
            } else if (!tables.contains(table)) {
                tables.add(table);
            }
        }
        return tables;
    }

    private void addLeafPartitions(QualifiedTableName parent, List<SourceTable> into) {
        for (SourceTable table : all) {
            if (parent.equals(table.parent())) {
                if (table.partitioned()) {
                    addLeafPartitions(table.name(), into);
                } else if (!into.contains(table)) {
                    into.add(table);
                }
            }
        }
    }

    public boolean isSelected(QualifiedTableName name) {
        return selected.stream().anyMatch(t -> t.name().equals(name));
    }
}
