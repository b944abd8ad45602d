package dev.ferry.source.slot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Refuses to resume when the replication slot that the committed offsets refer to is gone:
 * starting over from a fresh slot would silently skip every change made while it was missing.
 */
public final class SlotGuard {

    private SlotGuard() {
    }

    public static void checkSlotStillExists(Connection connection, OffsetStorageReader offsets, String topicPrefix,
            String slotName) throws SQLException {
        Map<String, Object> offset = offsets.offset(Map.of("server", topicPrefix));
        if (offset == null || offset.get("lsn") == null) {
            return;
        }
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new ConnectException("Replication slot '" + slotName + "' no longer exists, but connector "
                            + "offsets for topic.prefix '" + topicPrefix + "' are committed at LSN " + offset.get("lsn")
                            + ". The changes made since then are lost to this connector, so it will not start over "
                            + "silently. To re-sync, delete the connector's offsets (or use a new topic.prefix) and "
                            + "start it again with a snapshot.");
                }
            }
        }
    }
}
