package dev.ferry.source.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every selected table REPLICA IDENTITY FULL, so updates and deletes carry whole
 * before-images (the sink's key-change detection and Ferry's TOAST fill depend on them).
 */
public final class ReplicaIdentityEnforcer {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaIdentityEnforcer.class);

    private ReplicaIdentityEnforcer() {
    }

    public static void enforce(Connection connection, SelectedTables tables) {
        for (SourceTable table : tables.selected()) {
            // A partitioned parent holds no rows; its partitions carry the replica identity.
            if (table.replicaIdentityFull() || table.partitioned()) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE " + table.name().quoted() + " REPLICA IDENTITY FULL");
                LOG.info("Set REPLICA IDENTITY FULL on {}", table.name());
            } catch (SQLException e) {
                LOG.warn("Cannot set REPLICA IDENTITY FULL on {} ({}); its updates will lack unchanged TOAST "
                        + "values and full before-images", table.name(), e.getMessage());
            }
        }
    }
}
