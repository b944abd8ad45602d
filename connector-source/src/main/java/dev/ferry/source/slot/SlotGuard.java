package dev.ferry.source.slot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Refuses to resume when the replication slot that the committed offsets refer to is gone or
 * invalidated: starting over from a fresh slot would silently skip every change made while it was
 * missing, and an invalidated slot (its WAL removed past {@code max_slot_wal_keep_size}) can never
 * stream again. Checked when the task starts and before each of Debezium's restarts after a lost
 * stream, since Debezium itself would create a missing slot and carry on.
 */
public final class SlotGuard {

    private static final String RESYNC = "To re-sync, delete the connector's offsets (or use a new topic.prefix) "
            + "and start it again with a snapshot";

    private SlotGuard() {
    }

    /** At task start: the slot must be there and usable once stream offsets are committed. */
    public static void checkSlotUsable(Connection connection, OffsetStorageReader offsets, String topicPrefix,
            String slotName) throws SQLException {
        Object lsn = committedLsn(offsets, topicPrefix);
        if (lsn != null) {
            check(connection, slotName, "connector offsets for topic.prefix '" + topicPrefix + "' are committed at LSN "
                    + lsn, "since LSN " + lsn);
        }
    }

    /**
     * Before Debezium restarts a stream this task already ran: the slot was there, so a missing one
     * was dropped under the connector, whether or not an offset is committed yet.
     */
    public static void checkSlotStillUsable(Connection connection, OffsetStorageReader offsets, String topicPrefix,
            String slotName) throws SQLException {
        Object lsn = committedLsn(offsets, topicPrefix);
        check(connection, slotName, "the connector for topic.prefix '" + topicPrefix + "' was streaming from it",
                lsn == null ? "since the stream started" : "since LSN " + lsn);
    }

    private static Object committedLsn(OffsetStorageReader offsets, String topicPrefix) {
        Map<String, Object> offset = offsets.offset(Map.of("server", topicPrefix));
        return offset == null ? null : offset.get("lsn");
    }

    private static void check(Connection connection, String slotName, String expectedBecause, String lostSince)
            throws SQLException {
        // Through to_jsonb: wal_status exists from PostgreSQL 13, invalidation_reason from 17.
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_jsonb(s) ->> 'wal_status', "
                + "to_jsonb(s) ->> 'invalidation_reason' FROM pg_replication_slots s WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new ConnectException("Replication slot '" + slotName + "' no longer exists, but "
                            + expectedBecause + ". The changes made " + lostSince + " are lost to this connector, so it "
                            + "will not start over silently. " + RESYNC + ".");
                }
                String walStatus = rs.getString(1);
                String reason = rs.getString(2);
                if ("lost".equals(walStatus) || reason != null) {
                    throw new ConnectException("Replication slot '" + slotName + "' was invalidated by the server "
                            + "(wal_status=" + walStatus + (reason == null ? "" : ", invalidation_reason=" + reason)
                            + "): the WAL it needed is removed, typically because the slot retained more than "
                            + "max_slot_wal_keep_size. The changes made " + lostSince + " are lost to this connector ("
                            + expectedBecause + "). " + RESYNC + " (drop the slot first: SELECT "
                            + "pg_drop_replication_slot('" + slotName + "')), and raise max_slot_wal_keep_size or set "
                            + "alert.retained.wal.bytes to hear of it sooner.");
                }
            }
        }
    }
}
