package dev.ferry.sink.table;

import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * Creates one of Ferry's own tables in the target when several tasks start at once. PostgreSQL's
 * {@code CREATE TABLE IF NOT EXISTS} is not safe against a concurrent twin: the loser fails with a
 * unique violation on {@code pg_type} once the winner commits, instead of finding the table. That
 * failure is harmless when the table exists afterwards, so it is rolled back to a savepoint (the
 * caller's transaction goes on) and ignored.
 */
public final class LedgerTableCreation {

    private LedgerTableCreation() {
    }

    /** Runs {@code createIfNotExists} in the caller's transaction (or its auto-commit). */
    public static void create(Connection connection, Dialect dialect, String table, String createIfNotExists)
            throws SQLException {
        // No release on success: MySQL commits DDL implicitly, which ends the savepoint with the transaction.
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (Statement statement = connection.createStatement()) {
            statement.execute(createIfNotExists);
        } catch (SQLException raced) {
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            if (dialect.readTable(connection, new TableId(null, table)).isEmpty()) {
                throw raced;
            }
        }
    }
}
