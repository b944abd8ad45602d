package dev.ferry.sink.structure;

import dev.ferry.sink.dialect.StructureDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs DDL the target may refuse now (a foreign key whose rows are not complete yet, a partition
 * that does not match yet, an index deferred to the end of the full sync): a refusal is logged and
 * the statement is tried again with the next schema record.
 */
final class LenientDdl {

    private static final Logger LOG = LoggerFactory.getLogger(LenientDdl.class);

    private final StructureDdl ddl;
    /** Warnings already logged (shared with the applier), so a repeated record does not repeat them. */
    private final Set<String> warned;

    LenientDdl(StructureDdl ddl, Set<String> warned) {
        this.ddl = ddl;
        this.warned = warned;
    }

    /** Runs {@code sql}, which adds ({@code adding}) or validates {@code what}. */
    void execute(Connection connection, String what, String sql, boolean adding) throws SQLException {
        // A failed statement aborts a PostgreSQL transaction; MySQL's DDL commits, leaving no savepoint.
        Savepoint savepoint = ddl.transactionalDdl() && !connection.getAutoCommit() ? connection.setSavepoint() : null;
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
            LOG.info("{} {}", adding ? "Added" : "Validated", what);
        } catch (SQLException e) {
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            String message = what + (adding ? " cannot be added yet (" : " does not hold yet (") + e.getMessage()
                    + "); tried again with the next schema record";
            if (adding && warned.add(message)) {
                LOG.warn("Schema sync: {}", message);
            } else {
                LOG.debug("Schema sync: {}", message);
            }
        }
    }
}
