package dev.ferry.sink.retry;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Sorts SQL failures into the three ways the sink reacts to them. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** What kind of failure an exception is. */
    public enum Kind {
        /** The target cannot be reached: retried for connection.retry.window.ms. */
        CONNECTION,
        /** The data itself cannot be written (too long, out of range, NOT NULL, UNIQUE, FK): no retry helps. */
        DATA,
        /** Anything else (locks, deadlocks, permissions, DDL races): retried for error.retry.window.ms. */
        OTHER
    }

    public static Kind classify(SQLException error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof IOException) {
                return Kind.CONNECTION;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || "53300".equals(state)) {
                    return Kind.CONNECTION;
                }
                if (concurrentCatalogEntry(sql)) {
                    return Kind.OTHER;
                }
                // 22: bad value; 23: integrity (NOT NULL, FK, UNIQUE, CHECK). A set-based batch that
                // violates a unique or foreign key is replayed in source order, which only fails on
                // data the target cannot take.
                if (state.startsWith("22") || state.startsWith("23")) {
                    return Kind.DATA;
                }
            }
        }
        return Kind.OTHER;
    }

    /**
     * PostgreSQL's unique violation on one of its own catalogs ({@code pg_type_typname_nsp_index},
     * {@code pg_namespace_nspname_index}...): two sessions created the same table or schema at once
     * ({@code IF NOT EXISTS} does not guard against that), say two tasks applying the first rows or
     * the schema record of a table. Not bad data: a retry finds the object made by the other.
     */
    private static boolean concurrentCatalogEntry(SQLException error) {
        return "23505".equals(error.getSQLState()) && error.getMessage() != null
                && error.getMessage().contains("unique constraint \"pg_");
    }
}
