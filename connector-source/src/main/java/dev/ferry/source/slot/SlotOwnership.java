package dev.ferry.source.slot;

import dev.ferry.contract.HeartbeatTable;
import dev.ferry.source.config.QualifiedTableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which connector a replication slot belongs to, as its heartbeat row records it (the topic
 * prefix beside the slot name). Default slot names fold a prefix's other characters to
 * {@code _}, so {@code app.prod} and {@code app_prod} both get {@code ferry_app_prod}: the second
 * connector would read from the first one's slot and move it on, and the first would miss every
 * change it consumed. Only connectors with heartbeats record an owner, and only users who may read
 * the heartbeat table see it.
 */
public final class SlotOwnership {

    private SlotOwnership() {
    }

    /** The topic prefix recorded for {@code slotName}, or null when no connector recorded one. */
    public static String ownerOf(Connection connection, QualifiedTableName heartbeatTable, String slotName)
            throws SQLException {
        // A user that may not read the table cannot tell; the heartbeat writer reports that on its own.
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT to_regclass(?) IS NOT NULL AND has_table_privilege(to_regclass(?), 'SELECT')")) {
            exists.setString(1, heartbeatTable.quoted());
            exists.setString(2, heartbeatTable.quoted());
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return null;
                }
            }
        }
        try (PreparedStatement owner = connection.prepareStatement(HeartbeatTable.ownerQuery(heartbeatTable.quoted()))) {
            owner.setString(1, slotName);
            try (ResultSet rs = owner.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Why this connector may not use the slot, or null when it may (no owner, or itself). */
    public static String conflict(Connection connection, QualifiedTableName heartbeatTable, String slotName,
            String topicPrefix) throws SQLException {
        String owner = ownerOf(connection, heartbeatTable, slotName);
        if (owner == null || owner.equals(topicPrefix)) {
            return null;
        }
        return "replication slot '" + slotName + "' belongs to the connector with topic.prefix '" + owner
                + "' (its row in " + heartbeatTable + " says so), and topic.prefix '" + topicPrefix
                + "' maps to the same slot name. Set slot.name and publication.name to names of this connector's own."
                + " If this is that connector with a changed topic.prefix, delete its row from " + heartbeatTable
                + " first.";
    }
}
