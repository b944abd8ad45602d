package dev.ferry.sink.apply;

import dev.ferry.sink.buffer.PendingWrite;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.config.SinkConfig.InsertMode;
import dev.ferry.sink.dialect.Dialect.BoundSql;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.JdbcValues;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.table.TableManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * Writes reduced table buffers inside the caller's transaction: per table a truncate if one came,
 * then all deletes as multi-key statements, then the rows as JDBC batches of one statement per
 * column set, so SQL text is built per table and shape, never per record.
 */
public final class BatchApplier {

    private static final int DELETE_CHUNK = 500;

    private final Dialect dialect;
    private final TableManager tables;
    private final InsertMode insertMode;
    /** SQL per table, column set and statement form, built once for the task's lifetime. */
    private final Map<StatementKey, BoundSql> statements = new HashMap<>();

    public BatchApplier(Dialect dialect, TableManager tables, InsertMode insertMode) {
        this.dialect = dialect;
        this.tables = tables;
        this.insertMode = insertMode;
    }

    /** Receives a write that failed in isolation; throws to abort the flush, returns to skip it. */
    @FunctionalInterface
    public interface FailedWriteHandler {
        void failed(TableId table, PendingWrite write, SQLException error) throws SQLException;
    }

    /** Applies every buffer with set-based statements; returns the number of rows written or deleted. */
    public long apply(Connection connection, List<TableBuffer> buffers) throws SQLException {
        List<TableBuffer> present = prepareTables(connection, buffers);
        truncate(connection, present);
        long rows = 0;
        for (TableBuffer buffer : present) {
            try {
                rows += deleteKeys(connection, buffer, keysToDelete(buffer));
                rows += writeRows(connection, buffer, rowsToWrite(buffer.writes()));
            } catch (SQLException e) {
                throw e instanceof TableWriteException ? e : new TableWriteException(buffer.target(), e);
            }
        }
        return rows;
    }

    /**
     * Applies the buffers one write at a time, each inside a savepoint, handing every write that
     * fails to {@code handler}; used to single out bad records after a set-based attempt failed.
     */
    public long applyIsolated(Connection connection, List<TableBuffer> buffers, FailedWriteHandler handler)
            throws SQLException {
        List<TableBuffer> present = prepareTables(connection, buffers);
        truncate(connection, present);
        long rows = 0;
        for (TableBuffer buffer : present) {
            for (PendingWrite write : buffer.writes()) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    List<PendingWrite> one = List.of(write);
                    rows += deleteKeys(connection, buffer, keysToDelete(buffer, one));
                    rows += writeRows(connection, buffer, rowsToWrite(one));
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    connection.rollback(savepoint);
                    handler.failed(buffer.target(), write, e);
                }
            }
        }
        return rows;
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

    /** Truncates every table a source TRUNCATE emptied in this batch, together, before the batch's writes. */
    private void truncate(Connection connection, List<TableBuffer> buffers) throws SQLException {
        List<TableId> tables = buffers.stream().filter(TableBuffer::truncate).map(TableBuffer::target).toList();
        if (tables.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.truncate(tables)) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new TableWriteException(tables.get(0), e);
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
        return keysToDelete(buffer, buffer.writes());
    }

    private List<List<Object>> keysToDelete(TableBuffer buffer, Iterable<PendingWrite> writes) {
        List<List<Object>> keys = new ArrayList<>();
        for (PendingWrite write : writes) {
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
        Map<BoundSql, List<PendingWrite>> byStatement = new LinkedHashMap<>();
        for (PendingWrite write : rows) {
            byStatement.computeIfAbsent(statementFor(buffer, write), s -> new ArrayList<>()).add(write);
        }
        long written = 0;
        for (Map.Entry<BoundSql, List<PendingWrite>> entry : byStatement.entrySet()) {
            BoundSql sql = entry.getKey();
            try (PreparedStatement statement = connection.prepareStatement(sql.sql())) {
                for (PendingWrite write : entry.getValue()) {
                    int index = 1;
                    for (String column : sql.parameters()) {
                        bindColumn(statement, index++, write, column);
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
                written += entry.getValue().size();
            }
        }
        return written;
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
