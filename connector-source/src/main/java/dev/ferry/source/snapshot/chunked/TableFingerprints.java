package dev.ferry.source.snapshot.chunked;

import dev.ferry.source.snapshot.chunked.SnapshotProgress.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What DDL changes about a table, as one string per table: its name, its storage file (a rewrite
 * or a {@code TRUNCATE} gives it a new one) and its columns (name, type, nullability). Read in
 * the snapshot's transaction it is the table the snapshot sees; read again once the readers hold
 * their locks it is the table they will read. The two differ only when DDL committed between the
 * slot's snapshot and the locks, which the locks cannot prevent (see {@link SnapshotTableLocks}).
 */
final class TableFingerprints {

    private static final String QUERY = "SELECT c.relname, c.relfilenode, string_agg(a.attnum || ' ' "
            + "|| quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) "
            + "|| CASE WHEN a.attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY a.attnum) "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            + "WHERE n.nspname = ? AND c.relname = ? GROUP BY c.relname, c.relfilenode";

    private TableFingerprints() {
    }

    /** Each table's fingerprint as {@code jdbc}'s current transaction sees the catalog ("gone" for a missing table). */
    static Map<TableName, String> read(Connection jdbc, List<SnapshotTable> tables) throws SQLException {
        Map<TableName, String> fingerprints = new LinkedHashMap<>();
        try (PreparedStatement statement = jdbc.prepareStatement(QUERY)) {
            for (SnapshotTable table : tables) {
                statement.setString(1, table.name().schema());
                statement.setString(2, table.name().table());
                try (ResultSet rs = statement.executeQuery()) {
                    fingerprints.put(table.name(), rs.next()
                            ? "file " + rs.getLong(2) + ": " + rs.getString(3) : "gone");
                }
            }
        }
        return fingerprints;
    }

    /** A line per table whose fingerprint differs, saying how; empty when none does. */
    static List<String> changes(Map<TableName, String> before, Map<TableName, String> after) {
        List<String> changes = new ArrayList<>();
        before.forEach((table, was) -> {
            String now = after.getOrDefault(table, "gone");
            if (!was.equals(now)) {
                changes.add(table + " was (" + was + ") and is now (" + now + ")");
            }
        });
        return changes;
    }
}
