package dev.ferry.sink.apply;

import dev.ferry.sink.buffer.PendingWrite;
import dev.ferry.sink.dialect.BulkLoad;
import dev.ferry.sink.dialect.JdbcValues;
import dev.ferry.sink.event.ChangeEventParser;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.retry.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rows a flush adds to a table with the dialect's bulk path ({@link BulkLoad}, COPY on
 * PostgreSQL) instead of statements. A row is new when the source says so (its last change is a
 * snapshot read or an insert) and it is written whole. The target may still hold such a key (a
 * redelivery after a crash, rows a user wrote): the load then fails on it, is rolled back to a
 * savepoint, and every row goes to the statements, which overwrite; the table then skips the bulk
 * path for {@value #PAUSE_AFTER_CONFLICT} flushes, which a redelivered stretch of inserts takes
 * several of. A value the load cannot write exactly as a statement would bind it, or any other
 * failure, leaves its rows to the statements too, which report it as they always do. A server
 * that allows no load at all (MySQL 8's default {@code local_infile=OFF}) is asked once per task.
 */
final class NewRowLoads {

    private static final Logger LOG = LoggerFactory.getLogger(NewRowLoads.class);

    /** Flushes of a table written by statement after its bulk load failed. */
    static final int PAUSE_AFTER_CONFLICT = 100;

    private final BulkLoad bulk;
    private final int minRows;
    /** Per table whose last load failed, the flushes left before the next try. */
    private final Map<TableId, Integer> paused = new HashMap<>();
    /** Whether the target refused a load for good ({@link BulkLoad#refusedForGood}). */
    private boolean refused;
    private long loaded;

    /** {@code bulk} null or {@code minRows} 0: every row is written by statement. */
    NewRowLoads(BulkLoad bulk, int minRows) {
        this.bulk = bulk;
        this.minRows = minRows;
    }

    /**
     * Loads the new rows among {@code writes} (one table, one column set) if there are at least
     * the configured number; returns the writes left for statements.
     */
    List<PendingWrite> load(Connection connection, TableId table, Map<String, String> columnTypes,
            List<PendingWrite> writes) throws SQLException {
        if (bulk == null || refused || minRows == 0 || writes.size() < minRows || isPaused(table)) {
            return writes;
        }
        boolean[] isNew = new boolean[writes.size()];
        int newRows = 0;
        for (int i = 0; i < isNew.length; i++) {
            isNew[i] = isNew(writes.get(i));
            newRows += isNew[i] ? 1 : 0;
        }
        if (newRows < minRows) {
            return writes;
        }
        List<String> columns = writes.get(0).writtenColumns();
        ColumnFields fields = new ColumnFields(columns);
        List<PendingWrite> rest = new ArrayList<>();
        long stored;
        Savepoint savepoint = connection.setSavepoint();
        try (BulkLoad.Load load = bulk.open(connection, table, columns, columnTypes)) {
            for (int i = 0; i < isNew.length; i++) {
                PendingWrite write = writes.get(i);
                List<Object> values = isNew[i] ? values(write, columns, fields.of(write.rowSchema())) : null;
                if (values == null || !load.add(values)) {
                    rest.add(write);
                }
            }
            stored = load.finish();
        } catch (SQLException e) {
            connection.rollback(savepoint);
            if (SqlErrors.classify(e) == SqlErrors.Kind.CONNECTION) {
                throw e;
            }
            if (bulk.refusedForGood(e)) {
                refused = true;
                LOG.warn("The target refuses bulk loads ({}); every row is written by statement from now on. "
                        + "On MySQL, allowing LOAD DATA LOCAL INFILE (local_infile=ON) makes inserts several times "
                        + "faster; bulk.load.min.rows=0 turns the bulk path off", e.getMessage());
                return writes;
            }
            paused.put(table, PAUSE_AFTER_CONFLICT);
            LOG.info("Bulk load of {} new rows into {} failed ({}); writing them by statement, and this table's "
                    + "next {} flushes too", writes.size() - rest.size(), table, e.getMessage(), PAUSE_AFTER_CONFLICT);
            return writes;
        }
        connection.releaseSavepoint(savepoint);
        loaded += stored;
        return rest;
    }

    /** Rows loaded so far (in transactions that may still roll back). */
    long loaded() {
        return loaded;
    }

    private boolean isPaused(TableId table) {
        Integer left = paused.get(table);
        if (left == null) {
            return false;
        }
        if (left <= 1) {
            paused.remove(table);
        } else {
            paused.put(table, left - 1);
        }
        return true;
    }

    /** Whether the source says the row is new to the target and the write carries all of it. */
    static boolean isNew(PendingWrite write) {
        return !write.delete() && !write.keepExisting() && !write.deleteFirst() && write.unchangedColumns().isEmpty()
                && ChangeEventParser.insertsRow(write.records().get(write.records().size() - 1));
    }

    /** The row's values as statements bind them, or null if one does not convert (the statement reports it). */
    private static List<Object> values(PendingWrite write, List<String> columns, Field[] fields) {
        List<Object> values = new ArrayList<>(columns.size());
        try {
            for (int i = 0; i < fields.length; i++) {
                Field field = fields[i];
                values.add(JdbcValues.normalize(write.row().get(columns.get(i)), field == null ? null : field.schema()));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return values;
    }

    /** The fields of a load's columns in a row schema, looked up again only when the schema changes. */
    private static final class ColumnFields {

        private final List<String> columns;
        private Schema schema;
        private Field[] fields;

        ColumnFields(List<String> columns) {
            this.columns = columns;
        }

        Field[] of(Schema rowSchema) {
            if (fields == null || rowSchema != schema) {
                fields = new Field[columns.size()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = rowSchema == null ? null : rowSchema.field(columns.get(i));
                }
                schema = rowSchema;
            }
            return fields;
        }
    }
}
