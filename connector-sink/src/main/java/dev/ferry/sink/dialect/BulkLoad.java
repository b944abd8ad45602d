package dev.ferry.sink.dialect;

import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A database's bulk path for rows the target does not have yet (PostgreSQL's {@code COPY FROM
 * STDIN}, MySQL's {@code LOAD DATA LOCAL INFILE}): several times cheaper than INSERT statements,
 * and a key the target already holds fails the whole load. The caller runs it inside a savepoint and writes the
 * rows with statements instead when it fails.
 */
public interface BulkLoad {

    /** Opens a load of rows of {@code columns} into {@code table}, whose column types are {@code columnTypes}. */
    Load open(Connection connection, TableId table, List<String> columns, Map<String, String> columnTypes)
            throws SQLException;

    /**
     * Whether {@code failure}, a load's, says the server allows no such load at all (a setting,
     * not the rows): later loads would fail the same way, so none is tried again.
     */
    default boolean refusedForGood(SQLException failure) {
        return false;
    }

    /** One load in progress; rows are sent as they are added or in chunks, the rest by {@link #finish}. */
    interface Load extends AutoCloseable {

        /**
         * Adds a row of normalized values ({@link JdbcValues}) in the load's column order. Returns
         * false, sending nothing, when a value would not arrive exactly as binding it would store
         * it (a type the load does not know for that column): that row must be written by statement.
         */
        boolean add(List<Object> values) throws SQLException;

        /** Ends the load; returns the rows the database stored. */
        long finish() throws SQLException;

        /** Abandons a load that was not finished (no-op after {@link #finish}). */
        @Override
        void close() throws SQLException;
    }
}
