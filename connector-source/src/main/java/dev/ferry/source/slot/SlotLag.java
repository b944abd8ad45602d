package dev.ferry.source.slot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How far the connector's replication slot trails the server's WAL, from pg_replication_slots:
 * the WAL the slot keeps on disk (from its restart_lsn) and what Kafka has not yet confirmed
 * (from its confirmed_flush_lsn). Read on a schedule, never per record. -1 where the slot has no
 * position (an invalidated slot).
 */
public record SlotLag(long retainedWalBytes, long confirmedFlushLagBytes) {

    // On a standby (logical decoding from PostgreSQL 16) pg_current_wal_lsn() fails: the replayed position stands in.
    private static final String QUERY = "SELECT pg_wal_lsn_diff(w.lsn, s.restart_lsn)::bigint, "
            + "pg_wal_lsn_diff(w.lsn, s.confirmed_flush_lsn)::bigint FROM pg_replication_slots s, "
            + "(SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END AS lsn) w "
            + "WHERE s.slot_name = ? AND s.database = current_database()";

    /** The slot's lag now, or null while the slot does not exist (before the first start creates it). */
    public static SlotLag read(Connection connection, String slotName) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, slotName);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new SlotLag(orUnknown(rs, 1), orUnknown(rs, 2));
            }
        }
    }

    private static long orUnknown(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? -1 : value;
    }
}
