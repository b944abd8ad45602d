package dev.ferry.source.snapshot.chunked;

import io.debezium.connector.postgresql.connection.PostgresConnection;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says which statements wait for the snapshot's table locks (see {@link SnapshotTableLocks}), at
 * most every 30 seconds: a DDL statement queued on a table the snapshot has still to read holds
 * back every later statement on that table, so its operator must learn why it waits and for how
 * long (cancel it, or let it run once the table is read).
 */
final class LockWaiters {

    private static final Logger LOG = LoggerFactory.getLogger(LockWaiters.class);
    private static final long INTERVAL_MS = 30_000;

    private final Supplier<PostgresConnection> connections;
    private final Set<Integer> readerPids = ConcurrentHashMap.newKeySet();
    private long nextCheckAt = System.currentTimeMillis() + INTERVAL_MS;

    LockWaiters(Supplier<PostgresConnection> connections) {
        this.connections = connections;
    }

    /** A reader's server process, holding locks from now on. */
    void reader(int pid) {
        readerPids.add(pid);
    }

    /** Logs the waiting statements when the interval is up; a failed look is only logged at debug. */
    void check(String progress) {
        long now = System.currentTimeMillis();
        if (now < nextCheckAt || readerPids.isEmpty()) {
            return;
        }
        nextCheckAt = now + INTERVAL_MS;
        try (PostgresConnection connection = connections.get();
                PreparedStatement statement = connection.connection().prepareStatement("SELECT pid, "
                        + "extract(epoch FROM now() - query_start)::bigint, left(query, 300) FROM pg_stat_activity "
                        + "WHERE pid <> pg_backend_pid() AND pg_blocking_pids(pid) && ?")) {
            Array pids = connection.connection().createArrayOf("int4", readerPids.toArray());
            statement.setArray(1, pids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    LOG.warn("Statement of process {} waits {} s for the snapshot's lock on a table it has still to "
                            + "read ({}); later statements on that table queue behind it: {}", rs.getInt(1),
                            rs.getLong(2), progress, rs.getString(3));
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cannot look for statements waiting on the snapshot's locks: {}", e.getMessage());
        }
    }
}
