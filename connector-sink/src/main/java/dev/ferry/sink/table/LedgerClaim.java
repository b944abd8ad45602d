package dev.ferry.sink.table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * Inserts a row into one of Ferry's ledger tables as a claim that only one transaction can win:
 * a plain INSERT against the ledger's primary key. A concurrent transaction inserting the same
 * key waits for the first one and, once that commits, fails on the key; that failure is rolled
 * back to a savepoint (the caller's transaction goes on) and reported as a lost claim. Unlike
 * an upsert, the result tells the caller whether this transaction holds the row, which MySQL's
 * affected-row counts do not reliably say.
 */
public final class LedgerClaim {

    private LedgerClaim() {
    }

    /** Whether this transaction inserted the row; false when another transaction holds it (it waited for that one). */
    public static boolean insert(Connection connection, String insertSql, List<String> values) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement statement = connection.prepareStatement(insertSql)) {
            for (int i = 0; i < values.size(); i++) {
                statement.setString(i + 1, values.get(i));
            }
            statement.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            // Class 23: integrity constraint violation, here the ledger's primary key.
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
    }
}
