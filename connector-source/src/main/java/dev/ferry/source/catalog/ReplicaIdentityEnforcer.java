package dev.ferry.source.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every selected table, and every partition of a selected partitioned table, REPLICA
 * IDENTITY FULL, so updates and deletes carry whole before-images (the sink's key-change
 * detection and Ferry's TOAST fill depend on them). A table that cannot get it stops the task:
 * running on would silently write unchanged TOAST columns from partial images.
 */
public final class ReplicaIdentityEnforcer {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaIdentityEnforcer.class);

    private ReplicaIdentityEnforcer() {
    }

    public static void enforce(Connection connection, SelectedTables tables) {
        for (SourceTable table : tables.rowTables()) {
            if (table.replicaIdentityFull()) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE " + table.name().quoted() + " REPLICA IDENTITY FULL");
                LOG.info("Set REPLICA IDENTITY FULL on {}", table.name());
            } catch (SQLException e) {
                throw new ConnectException("Cannot set REPLICA IDENTITY FULL on " + table.name() + " ("
                        + e.getMessage() + "); without full before-images unchanged TOAST values and key changes "
                        + "cannot be carried. Have the table's owner run ALTER TABLE " + table.name().quoted()
                        + " REPLICA IDENTITY FULL, or set replica.identity.full=false", e);
            }
        }
    }
}
