package dev.ferry.source.snapshot.chunked;

import dev.ferry.source.snapshot.chunked.SnapshotProgress.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ACCESS SHARE} locks one snapshot reader holds on the tables it has still to read.
 *
 * <p>Why: a snapshot reads each table in a transaction that started with the slot, but
 * PostgreSQL resolves names against the current catalog (a chunk read after {@code RENAME COLUMN}
 * fails), and a table rewritten or truncated after that transaction started looks empty to it
 * (rewriting {@code ALTER TABLE} and {@code TRUNCATE} are not MVCC-safe): rows would be lost
 * silently. Every such DDL needs {@code ACCESS EXCLUSIVE}, so it waits until no reader holds the
 * table any more; writes and plain reads go on ({@code ACCESS SHARE} conflicts with nothing else).
 *
 * <p>A table is released as soon as the shared work queue (ordered by table) has moved past it:
 * each table is locked under its own savepoint, the tables in reverse reading order so the next
 * one to finish is the innermost, and rolling back to a savepoint releases the locks taken after
 * it. Every reader locks in the same order and a reader that holds all its locks never waits for
 * another reader, so a DDL statement queued between two readers' locks only makes the later
 * reader wait until the earlier ones have read the table: no deadlock.
 */
final class SnapshotTableLocks {

    private final Connection jdbc;
    private final List<TableName> order;
    private final Map<TableName, Integer> positions = new HashMap<>();
    private final List<Savepoint> savepoints = new ArrayList<>();
    private int released;

    private SnapshotTableLocks(Connection jdbc, List<TableName> order) {
        this.jdbc = jdbc;
        this.order = order;
        for (int i = 0; i < order.size(); i++) {
            positions.put(order.get(i), i);
        }
    }

    /**
     * Locks {@code tables} (in reading order) in {@code jdbc}'s open transaction. In a repeatable
     * read transaction whose snapshot is not taken yet, the snapshot is taken after the locks.
     */
    static SnapshotTableLocks lock(Connection jdbc, List<SnapshotTable> tables) throws SQLException {
        SnapshotTableLocks locks = new SnapshotTableLocks(jdbc, tables.stream().map(SnapshotTable::name).toList());
        Savepoint[] byPosition = new Savepoint[tables.size()];
        try (Statement statement = jdbc.createStatement()) {
            for (int i = tables.size() - 1; i >= 0; i--) {
                byPosition[i] = jdbc.setSavepoint("ferry_lock_" + i);
                statement.execute("LOCK TABLE " + tables.get(i).id().toDoubleQuotedString() + " IN ACCESS SHARE MODE");
            }
        }
        locks.savepoints.addAll(List.of(byPosition));
        return locks;
    }

    /** Releases the tables read before {@code next}: the queue hands out no chunk of them any more. */
    void releaseBefore(TableName next) throws SQLException {
        Integer position = positions.get(next);
        int until = position == null ? order.size() : position;
        while (released < until) {
            Savepoint savepoint = savepoints.get(released++);
            jdbc.rollback(savepoint);
            jdbc.releaseSavepoint(savepoint);
        }
    }
}
