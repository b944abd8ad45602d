package dev.ferry.sink.table;

import dev.ferry.contract.DebeziumMetadataFields;
import dev.ferry.sink.dialect.Dialect.ColumnSpec;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.TableMetadata;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a target table exists and can take a row: creates it (auto.create), adds new
 * columns (schema.evolution=basic), and refuses a table whose primary key differs from the
 * events' key. What it learned is cached per table.
 */
public final class TableManager {

    private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);

    private final Dialect dialect;
    private final boolean autoCreate;
    private final boolean evolve;
    private final Map<TableId, TableMetadata> known = new HashMap<>();
    private Creating creating = (connection, table) -> { };

    /** Told of each table auto.create is about to make, in the transaction that makes it, before its DDL. */
    @FunctionalInterface
    public interface Creating {
        void creating(Connection connection, TableId table) throws SQLException;
    }

    public TableManager(Dialect dialect, boolean autoCreate, boolean evolve) {
        this.dialect = dialect;
        this.autoCreate = autoCreate;
        this.evolve = evolve;
    }

    /** Sets who is told of the tables auto.create makes (schema sync's ledger: they are this connector's). */
    public void onCreating(Creating listener) {
        this.creating = listener;
    }

    /** Forget cached metadata, e.g. after a failed transaction may have rolled back DDL. */
    public void clear() {
        known.clear();
    }

    /** Forget what is cached about {@code table}, which DDL outside this class changed. */
    public void forget(TableId table) {
        known.remove(table);
    }

    /** Whether {@code table} exists on the target (cached once known). */
    public boolean exists(Connection connection, TableId table) throws SQLException {
        return known.containsKey(table) || dialect.readTable(connection, table).isPresent();
    }

    /**
     * The target's column types as last read ({@link TableMetadata#columnTypes}, null for a column
     * added or widened since), after {@link #ensure}; empty for a table not read yet.
     */
    public Map<String, String> columnTypes(TableId table) {
        TableMetadata metadata = known.get(table);
        return metadata == null ? Map.of() : metadata.columnTypes();
    }

    /**
     * Ensures {@code table} has {@code keyColumns} as primary key and every column of
     * {@code rowSchema} (when known; deletes may not carry one).
     */
    public void ensure(Connection connection, TableId table, List<String> keyColumns, Schema rowSchema)
            throws SQLException {
        TableMetadata metadata = known.get(table);
        if (metadata == null) {
            Optional<TableMetadata> existing = dialect.readTable(connection, table);
            if (existing.isEmpty()) {
                if (rowSchema == null) {
                    throw new ConnectException("target table " + table + " does not exist and the first event for it "
                            + "carries no row schema to create it from; create the table");
                }
                create(connection, table, keyColumns, rowSchema);
                existing = dialect.readTable(connection, table);
                if (existing.isEmpty()) {
                    throw new ConnectException("target table " + table + " was created but cannot be read back; "
                            + "check table.name.format and the user's default schema");
                }
            }
            metadata = existing.get();
            checkPrimaryKey(table, metadata, keyColumns);
            known.put(table, metadata);
        }
        if (rowSchema != null) {
            addMissingColumns(connection, table, metadata, rowSchema);
        }
    }

    private void create(Connection connection, TableId table, List<String> keyColumns, Schema rowSchema)
            throws SQLException {
        if (!autoCreate) {
            throw new ConnectException("target table " + table + " does not exist and auto.create=false; create it "
                    + "or set auto.create=true");
        }
        List<ColumnSpec> columns = new ArrayList<>();
        for (Field field : rowSchema.fields()) {
            if (DebeziumMetadataFields.isMetadata(field.name())) {
                continue;
            }
            for (ColumnSpec other : columns) {
                if (dialect.sameColumn(other.name(), field.name())) {
                    throw new ConnectException("columns '" + other.name() + "' and '" + field.name() + "' of " + table
                            + " are the same column on " + dialect.name() + " (names are case-insensitive there); "
                            + "rename one with the RenameObjects transform");
                }
            }
            columns.add(new ColumnSpec(field.name(), field.schema(), keyColumns.contains(field.name())));
        }
        creating.creating(connection, table);
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.createTable(table, columns, keyColumns)) {
                statement.execute(sql);
            }
        }
        LOG.info("Created target table {} with primary key {}", table, keyColumns);
    }

    private void checkPrimaryKey(TableId table, TableMetadata metadata, List<String> keyColumns) {
        if (keyColumns.isEmpty()) {
            return;
        }
        boolean same = metadata.keyColumns().size() == keyColumns.size();
        for (int i = 0; same && i < keyColumns.size(); i++) {
            String expected = keyColumns.get(i);
            same = metadata.keyColumns().stream().anyMatch(k -> dialect.sameColumn(k, expected));
        }
        if (!same) {
            throw new ConnectException("target table " + table + " has primary key " + metadata.keyColumns()
                    + " but the events are keyed by " + keyColumns + "; upserts and deletes by key would hit the "
                    + "wrong rows. Align the target's primary key, or set primary.key.fields");
        }
    }

    private void addMissingColumns(Connection connection, TableId table, TableMetadata metadata, Schema rowSchema)
            throws SQLException {
        for (Field field : rowSchema.fields()) {
            if (DebeziumMetadataFields.isMetadata(field.name())) {
                continue;
            }
            Optional<String> existing = metadata.columns().stream().filter(c -> dialect.sameColumn(c, field.name()))
                    .findFirst();
            if (existing.isPresent()) {
                widenIfNarrower(connection, table, metadata, existing.get(), field.schema());
                continue;
            }
            if (!evolve) {
                throw new ConnectException("column '" + field.name() + "' of the events is missing from target table "
                        + table + " and schema.evolution=none; add it or set schema.evolution=basic");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(dialect.addColumn(table, new ColumnSpec(field.name(), field.schema(), false)));
            }
            metadata.columns().add(field.name());
            metadata.columnTypes().put(field.name(), null);
            LOG.info("Added column {} to target table {}", field.name(), table);
            if (field.schema().defaultValue() != null) {
                // ADD COLUMN … DEFAULT gave the source's existing rows the default; rows written here
                // before keep NULL until the source changes them (DDL records would have carried it).
                LOG.warn("Column {} of {} arrived with the rows that carry it and has a default on the source ({}): "
                        + "if it was added with that default, target rows written before it keep NULL where the "
                        + "source's existing rows have the default; ddl.sync copies such defaults (it needs a "
                        + "superuser on the source). Compare with ferry verify", field.name(), table,
                        field.schema().defaultValue());
            }
        }
    }

    /**
     * A source column whose type grew ({@code int} to {@code bigint}) arrives with a wider record
     * schema; under schema.evolution=basic the target column grows with it instead of refusing
     * the values that no longer fit.
     */
    private void widenIfNarrower(Connection connection, TableId table, TableMetadata metadata, String column,
            Schema schema) throws SQLException {
        if (!evolve) {
            return;
        }
        Optional<String> widen = dialect.widenColumn(table, column, metadata.columnTypes().get(column),
                metadata.columnSizes().get(column), schema);
        if (widen.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(widen.get());
        }
        metadata.columnTypes().put(column, null);
        metadata.columnSizes().remove(column);
        LOG.info("Widened column {} of target table {} ({})", column, table, widen.get());
    }
}
