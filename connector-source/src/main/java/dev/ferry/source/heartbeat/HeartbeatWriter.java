package dev.ferry.source.heartbeat;

import dev.ferry.contract.HeartbeatTable;
import dev.ferry.source.catalog.SourceConnections;
import dev.ferry.source.config.QualifiedTableName;
import dev.ferry.source.metrics.SourceMetrics;
import dev.ferry.source.slot.SlotLag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the heartbeat table on a fixed schedule with the source's own clock. The row change
 * travels through the WAL like data: it gives the sink a latency probe, and it gives the slot
 * something to confirm when the selected tables are idle while others fill the WAL. After each
 * heartbeat it reads the slot's lag for the metrics, on the connection it holds open anyway.
 */
public final class HeartbeatWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWriter.class);

    private final Map<String, String> connectionProps;
    private final QualifiedTableName table;
    private final String slotName;
    private final String topicPrefix;
    private final ScheduledExecutorService scheduler;
    private final SourceMetrics metrics;
    private Connection connection;
    private boolean failing;

    private HeartbeatWriter(Map<String, String> connectionProps, QualifiedTableName table, String slotName,
            String topicPrefix, SourceMetrics metrics) {
        this.connectionProps = connectionProps;
        this.metrics = metrics;
        this.table = table;
        this.slotName = slotName;
        this.topicPrefix = topicPrefix;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ferry-heartbeat-" + slotName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Creates the heartbeat table when missing; idempotent, safe for several connectors at once. */
    public static void createTableIfMissing(Connection connection, QualifiedTableName table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : HeartbeatTable.createStatements(table.quoted())) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Writes one heartbeat now. The task does so before its snapshot, so the heartbeat table has
     * its row in the snapshot and its topic exists from the start (a sink subscribed by pattern
     * finds new topics only at its next metadata refresh, minutes later).
     */
    public static void writeOnce(Connection connection, QualifiedTableName table, String slotName, String topicPrefix)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(HeartbeatTable.upsert(table.quoted()))) {
            upsert.setString(1, slotName);
            upsert.setString(2, topicPrefix);
            upsert.executeUpdate();
        }
    }

    public static HeartbeatWriter start(Map<String, String> connectionProps, QualifiedTableName table,
            String slotName, String topicPrefix, long intervalMs, SourceMetrics metrics) {
        HeartbeatWriter writer = new HeartbeatWriter(connectionProps, table, slotName, topicPrefix, metrics);
        writer.scheduler.scheduleWithFixedDelay(writer::beat, 0, intervalMs, TimeUnit.MILLISECONDS);
        LOG.info("Writing heartbeats to {} every {} ms for slot {}", table, intervalMs, slotName);
        return writer;
    }

    private void beat() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = SourceConnections.open(connectionProps);
            }
            writeOnce(connection, table, slotName, topicPrefix);
            metrics.heartbeatWritten();
            if (failing) {
                LOG.info("Heartbeats to {} work again", table);
                failing = false;
            }
        } catch (SQLException e) {
            metrics.heartbeatFailed();
            if (!failing) {
                LOG.warn("Cannot write heartbeat to {}: {}; retrying every interval", table, e.getMessage());
                failing = true;
            }
            closeConnection();
            return;
        }
        try {
            metrics.slotLag(SlotLag.read(connection, slotName));
        } catch (SQLException e) {
            // Only the metrics miss it; the next heartbeat finds out whether the connection is broken.
            LOG.debug("Cannot read the lag of slot {}: {}", slotName, e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is being discarded either way.
            }
            connection = null;
        }
    }
}
