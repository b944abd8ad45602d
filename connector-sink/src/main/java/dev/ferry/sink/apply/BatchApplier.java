package dev.ferry.sink.apply;

import dev.ferry.sink.buffer.PendingWrite;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.config.SinkConfig;
import dev.ferry.sink.config.SinkConfig.InsertMode;
import dev.ferry.sink.dialect.Dialect.BoundSql;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.JdbcValues;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.retry.SqlErrors;
import dev.ferry.sink.snapshot.SnapshotStartLedger;
import dev.ferry.sink.table.TableManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Writes reduced table buffers inside the caller's transaction: per table a truncate if one came
 * (or the batch starts a snapshot epoch, see {@link SnapshotStartLedger}), then all deletes as
 * multi-key statements, then the rows per column set: rows new to the target with the dialect's
 * bulk path where it has one ({@link NewRowLoads}), the others as multi-row statements where the
 * dialect takes them ({@link MultiRowInserts}), else as a JDBC batch of one statement,
 * so SQL text is built per table and shape, never per record.
 */
public final class BatchApplier {

    private static final int DELETE_CHUNK = 500;

    private final Dialect dialect;
    private final TableManager tables;
    private final InsertMode insertMode;
    /** SQL per table, column set and statement form, built once for the task's lifetime. */
    private final Map<StatementKey, BoundSql> statements = new HashMap<>();
    private final MultiRowInserts multiRowInserts;
    private final NewRowLoads newRowLoads;
    /** Null when snapshots must not empty their tables (truncate.enabled=false, keep_existing). */
    private final SnapshotStartLedger snapshotStarts;
    /** Whether the target's DDL stays inside the transaction (PostgreSQL) instead of committing it (MySQL). */
    private final boolean transactionalDdl;

    public BatchApplier(Dialect dialect, TableManager tables, InsertMode insertMode) {
        this(dialect, tables, insertMode, null);
    }

    public BatchApplier(Dialect dialect, TableManager tables, InsertMode insertMode, SnapshotStartLedger snapshotStarts) {
        this(dialect, tables, insertMode, snapshotStarts, SinkConfig.BULK_LOAD_MIN_ROWS_DEFAULT);
    }

    /** With new rows bulk-loaded ({@link NewRowLoads}) from {@code bulkLoadMinRows} per table and column set; 0 never. */
    public BatchApplier(Dialect dialect, TableManager tables, InsertMode insertMode, SnapshotStartLedger snapshotStarts,
            int bulkLoadMinRows) {
        this.dialect = dialect;
        this.tables = tables;
        this.insertMode = insertMode;
        this.multiRowInserts = new MultiRowInserts(dialect);
        this.snapshotStarts = snapshotStarts;
        this.transactionalDdl = dialect.structureDdl().transactionalDdl();
        this.newRowLoads = new NewRowLoads(dialect.bulkLoad().orElse(null), bulkLoadMinRows);
    }

    /** Rows written with the dialect's bulk path so far, in transactions that may since have rolled back. */
    public long rowsBulkLoaded() {
        return newRowLoads.loaded();
    }

    /** Receives a write that failed in isolation; throws to abort the flush, returns to skip it. */
    @FunctionalInterface
    public interface FailedWriteHandler {
        void failed(TableId table, PendingWrite write, SQLException error) throws SQLException;
    }

    /** Applies every buffer with set-based statements; returns the number of rows written or deleted. */
    public long apply(Connection connection, List<TableBuffer> buffers) throws SQLException {
        return apply(connection, buffers, new AppliedRows());
    }

    /** As {@link #apply(Connection, List)}, adding each table's rows to {@code applied}. */
    public long apply(Connection connection, List<TableBuffer> buffers, AppliedRows applied) throws SQLException {
        ClaimedTables claimed = claimAndPrepare(connection, buffers);
        List<TableBuffer> present = claimed.present();
        truncate(connection, present, claimed.snapshotStarts());
        long rows = 0;
        for (TableBuffer buffer : present) {
            try {
                long tableRows = deleteKeys(connection, buffer, keysToDelete(buffer))
                        + writeRows(connection, buffer, rowsToWrite(buffer.writes()));
                applied.add(buffer.target(), tableRows);
                rows += tableRows;
            } catch (SQLException e) {
                throw e instanceof TableWriteException ? e
                        : new TableWriteException(buffer.target(), e, dialect.explain(e));
            }
        }
        return rows;
    }

    /**
     * Applies the changes one at a time in the order the source made them, each inside a
     * savepoint, handing every change that fails to {@code handler}. Used after a set-based
     * attempt failed on data: the source's order cannot collide on a unique key or a foreign key
     * where the source did not, so what still fails is bad data, singled out record by record.
     */
    public long applyInSourceOrder(Connection connection, List<RoutedEvent> events, boolean keepExistingOnSnapshot,
            FailedWriteHandler handler, AppliedRows applied) throws SQLException {
        // Table DDL first and outside the savepoints: MySQL commits implicitly around DDL.
        Map<TableId, TableBuffer> byTable = new LinkedHashMap<>();
        for (RoutedEvent routed : events) {
            byTable.computeIfAbsent(routed.target(), t -> new TableBuffer(t, keepExistingOnSnapshot)).add(routed.event());
        }
        // Snapshot epochs too: a claim rolled back with one change's savepoint would leave the table
        // to be emptied by another task after this one wrote its rows.
        ClaimedTables claimed = claimAndPrepare(connection, new ArrayList<>(byTable.values()));
        List<TableId> snapshotStarts = claimed.snapshotStarts();
        // Only the snapshot starts here: a source TRUNCATE applies below, in its place among the changes.
        truncate(connection, claimed.present().stream().filter(b -> snapshotStarts.contains(b.target())).toList(),
                snapshotStarts);
        long rows = 0;
        for (RoutedEvent routed : events) {
            TableBuffer one = new TableBuffer(routed.target(), keepExistingOnSnapshot);
            one.add(routed.event());
            Savepoint savepoint = connection.setSavepoint();
            AppliedRows change = new AppliedRows();
            try {
                rows += apply(connection, List.of(one), change);
                connection.releaseSavepoint(savepoint);
                change.byTable().forEach(applied::add);
            } catch (SQLException e) {
                connection.rollback(savepoint);
                if (SqlErrors.classify(e) == SqlErrors.Kind.CONNECTION) {
                    throw e;
                }
                for (PendingWrite write : one.writes()) {
                    handler.failed(routed.target(), write, e);
                }
                if (one.writes().isEmpty()) {
                    handler.failed(routed.target(), PendingWrite.of(routed.event()), e);
                }
            }
        }
        return rows;
    }

    /** The tables a batch writes to that exist (or were made), and those whose snapshot it starts. */
    private record ClaimedTables(List<TableBuffer> present, List<TableId> snapshotStarts) {
    }

    /**
     * Claims the snapshot epochs the buffers start and prepares their tables, in the order the
     * target's DDL allows. PostgreSQL: claims first, so that a concurrent claim never waits behind
     * this transaction's table locks. MySQL: table DDL first, as it commits the open transaction
     * implicitly; after a claim it would commit the claim alone, and another task would write
     * the epoch's rows before this one emptied the table over them (ChaosIT seed 6 lost rows so).
     */
    private ClaimedTables claimAndPrepare(Connection connection, List<TableBuffer> buffers) throws SQLException {
        if (transactionalDdl) {
            List<TableId> snapshotStarts = claimSnapshotStarts(connection, buffers);
            return new ClaimedTables(prepareTables(connection, buffers), snapshotStarts);
        }
        List<TableBuffer> present = prepareTables(connection, buffers);
        return new ClaimedTables(present, claimSnapshotStarts(connection, buffers));
    }

    /**
     * Creates or evolves the tables the buffers write to. A buffer that only deletes or truncates
     * a table the target never had has nothing to do and is left out.
     */
    private List<TableBuffer> prepareTables(Connection connection, List<TableBuffer> buffers) throws SQLException {
        List<TableBuffer> present = new ArrayList<>(buffers.size());
        for (TableBuffer buffer : buffers) {
            try {
                if (prepareTable(connection, buffer)) {
                    present.add(buffer);
                }
            } catch (SQLException e) {
                throw e instanceof TableWriteException ? e : new TableWriteException(buffer.target(), e);
            }
        }
        return present;
    }

    /** Claims the snapshot epochs the buffers start and returns the tables they empty. */
    private List<TableId> claimSnapshotStarts(Connection connection, List<TableBuffer> buffers) throws SQLException {
        if (snapshotStarts == null || buffers.stream().allMatch(b -> b.snapshotEpochs().isEmpty())) {
            return List.of();
        }
        try {
            return snapshotStarts.claim(connection, buffers);
        } catch (SQLException e) {
            throw new TableWriteException(new TableId(null, SnapshotStartLedger.TABLE), e);
        }
    }

    /**
     * Truncates every table a source TRUNCATE emptied in this batch and every table whose snapshot
     * starts in it, together, before the batch's writes.
     */
    private void truncate(Connection connection, List<TableBuffer> buffers, List<TableId> snapshotStarts)
            throws SQLException {
        List<TableId> tables = buffers.stream()
                .filter(b -> b.truncate() || snapshotStarts.contains(b.target()))
                .map(TableBuffer::target).toList();
        if (tables.isEmpty()) {
            return;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            execute(connection, dialect.truncate(tables));
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!dialect.truncateRefusedByForeignKey(e)) {
                throw new TableWriteException(tables.get(0), e);
            }
            // A referencing table not truncated in this batch (its truncate, or the one ahead of
            // its snapshot, comes later): delete the rows instead, which apply sessions may do
            // with foreign-key checks off (foreign.key.checks.disabled).
            connection.rollback(savepoint);
            try {
                execute(connection, dialect.deleteAll(tables));
            } catch (SQLException delete) {
                throw new TableWriteException(tables.get(0), delete);
            }
        }
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private boolean prepareTable(Connection connection, TableBuffer buffer) throws SQLException {
        Set<Schema> schemas = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PendingWrite write : buffer.writes()) {
            if (!write.delete() && write.rowSchema() != null) {
                schemas.add(write.rowSchema());
            }
        }
        if (schemas.isEmpty()) {
            if (!tables.exists(connection, buffer.target())) {
                return false;
            }
            tables.ensure(connection, buffer.target(), buffer.keyColumns(), null);
        }
        for (Schema schema : schemas) {
            tables.ensure(connection, buffer.target(), buffer.keyColumns(), schema);
        }
        return true;
    }

    private List<List<Object>> keysToDelete(TableBuffer buffer) {
        List<List<Object>> keys = new ArrayList<>();
        for (PendingWrite write : buffer.writes()) {
            boolean fullRewrite = !write.delete() && write.unchangedColumns().isEmpty() && !write.keepExisting();
            if (write.delete()
                    || (write.deleteFirst() && insertMode == InsertMode.INSERT)
                    || (fullRewrite && dialect.upsertByDeleteAndInsert())) {
                keys.add(write.key());
            }
        }
        return keys;
    }

    private List<PendingWrite> rowsToWrite(Iterable<PendingWrite> writes) {
        List<PendingWrite> rows = new ArrayList<>();
        for (PendingWrite write : writes) {
            if (!write.delete()) {
                rows.add(write);
            }
        }
        return rows;
    }

    private long deleteKeys(Connection connection, TableBuffer buffer, List<List<Object>> keys) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        long deleted = 0;
        for (int from = 0; from < keys.size(); from += DELETE_CHUNK) {
            List<List<Object>> chunk = keys.subList(from, Math.min(keys.size(), from + DELETE_CHUNK));
            try (PreparedStatement statement = connection.prepareStatement(
                    dialect.delete(buffer.target(), buffer.keyColumns(), chunk.size()))) {
                int index = 1;
                for (List<Object> key : chunk) {
                    for (Object value : key) {
                        dialect.bind(statement, index++, JdbcValues.normalize(value, null));
                    }
                }
                deleted += statement.executeUpdate();
            }
        }
        return deleted;
    }

    private long writeRows(Connection connection, TableBuffer buffer, List<PendingWrite> rows) throws SQLException {
        requireTargetRowsForPartialWrites(connection, buffer, rows);
        Map<BoundSql, List<PendingWrite>> byStatement = new LinkedHashMap<>();
        for (PendingWrite write : rows) {
            byStatement.computeIfAbsent(statementFor(buffer, write), s -> new ArrayList<>()).add(write);
        }
        long written = 0;
        for (Map.Entry<BoundSql, List<PendingWrite>> entry : byStatement.entrySet()) {
            BoundSql sql = entry.getKey();
            written += entry.getValue().size();
            List<PendingWrite> writes = newRowLoads.load(connection, buffer.target(),
                    tables.columnTypes(buffer.target()), entry.getValue());
            if (writes.isEmpty()) {
                continue;
            }
            if (writes.size() > 1 && multiRowInserts.rowsPerStatement(sql) > 1) {
                writeMultiRow(connection, sql, writes);
            } else {
                writeBatch(connection, sql, writes);
            }
        }
        return written;
    }

    private void writeMultiRow(Connection connection, BoundSql sql, List<PendingWrite> writes) throws SQLException {
        int from = 0;
        for (int rows : multiRowInserts.statementSizes(sql, writes)) {
            try (PreparedStatement statement = connection.prepareStatement(multiRowInserts.sql(sql, rows))) {
                int index = 1;
                for (PendingWrite write : writes.subList(from, from + rows)) {
                    for (String column : sql.parameters()) {
                        bindColumn(statement, index++, write, column);
                    }
                }
                statement.executeUpdate();
            }
            from += rows;
        }
    }

    private void writeBatch(Connection connection, BoundSql sql, List<PendingWrite> writes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.sql())) {
            for (PendingWrite write : writes) {
                int index = 1;
                for (String column : sql.parameters()) {
                    bindColumn(statement, index++, write, column);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * A partial write (columns whose value is unknown: an unchanged TOAST value without a
     * before-image) can only complete a row the target has. For a key it lacks (a key change, or
     * a row entering a FilterRows condition), PostgreSQL and MySQL would insert NULL for the
     * unknown columns and AnalyticDB's UPDATE would match nothing: a data error naming table, key
     * and columns instead.
     */
    private void requireTargetRowsForPartialWrites(Connection connection, TableBuffer buffer, List<PendingWrite> rows)
            throws SQLException {
        List<PendingWrite> partial = rows.stream()
                .filter(w -> !w.unchangedColumns().isEmpty() && !w.keepExisting()).toList();
        if (partial.isEmpty()) {
            return;
        }
        if (countExisting(connection, buffer, partial) == partial.size()) {
            return;
        }
        for (PendingWrite write : partial) {
            if (countExisting(connection, buffer, List.of(write)) == 0) {
                throw new SQLDataException("the change of key " + write.key() + " does not carry the values of "
                        + write.unchangedColumns() + " (unchanged TOAST values without a before-image) and the target "
                        + "has no row to keep them from; give the source table REPLICA IDENTITY FULL "
                        + "(replica.identity.full=true)", "22023");
            }
        }
    }

    private long countExisting(Connection connection, TableBuffer buffer, List<PendingWrite> writes)
            throws SQLException {
        long found = 0;
        for (int from = 0; from < writes.size(); from += DELETE_CHUNK) {
            List<PendingWrite> chunk = writes.subList(from, Math.min(writes.size(), from + DELETE_CHUNK));
            try (PreparedStatement statement = connection.prepareStatement(
                    dialect.countKeys(buffer.target(), buffer.keyColumns(), chunk.size()))) {
                int index = 1;
                for (PendingWrite write : chunk) {
                    for (Object value : write.key()) {
                        dialect.bind(statement, index++, JdbcValues.normalize(value, null));
                    }
                }
                try (ResultSet rs = statement.executeQuery()) {
                    found += rs.next() ? rs.getLong(1) : 0;
                }
            }
        }
        return found;
    }

    /**
     * Binds one column of a row. A value that cannot be converted or bound is a data error
     * naming the column, so it takes the dead-letter path instead of killing the task.
     */
    private void bindColumn(PreparedStatement statement, int index, PendingWrite write, String column)
            throws SQLException {
        Field field = write.rowSchema() == null ? null : write.rowSchema().field(column);
        try {
            dialect.bind(statement, index, JdbcValues.normalize(write.row().get(column),
                    field == null ? null : field.schema()));
        } catch (SQLDataException e) {
            throw new SQLDataException("column " + column + ": " + e.getMessage(), e.getSQLState(), e);
        } catch (RuntimeException e) {
            throw new SQLDataException("column " + column + ": cannot convert " + write.row().get(column) + " ("
                    + e.getMessage() + ")", "22000", e);
        }
    }

    private BoundSql statementFor(TableBuffer buffer, PendingWrite write) {
        Form form = write.keepExisting() ? Form.INSERT_IF_ABSENT
                : !write.unchangedColumns().isEmpty() ? Form.PARTIAL_UPSERT
                : insertMode == InsertMode.INSERT ? Form.INSERT : Form.UPSERT;
        StatementKey key = new StatementKey(buffer.target(), write.writtenColumns(), buffer.keyColumns(), form);
        return statements.computeIfAbsent(key, this::build);
    }

    private BoundSql build(StatementKey key) {
        return switch (key.form()) {
            case INSERT_IF_ABSENT -> dialect.insertIfAbsent(key.table(), key.columns(), key.keyColumns());
            case PARTIAL_UPSERT -> dialect.partialUpsert(key.table(), key.columns(), key.keyColumns());
            case INSERT -> dialect.insert(key.table(), key.columns());
            case UPSERT -> dialect.upsert(key.table(), key.columns(), key.keyColumns());
        };
    }

    /** The statement forms a row can be written with. */
    private enum Form { UPSERT, PARTIAL_UPSERT, INSERT, INSERT_IF_ABSENT }

    private record StatementKey(TableId table, List<String> columns, List<String> keyColumns, Form form) {
    }
}
