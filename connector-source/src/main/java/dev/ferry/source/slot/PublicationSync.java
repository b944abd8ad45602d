package dev.ferry.source.slot;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig.AutoCreateMode;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import java.nio.charset.Charset;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the publication up to the selected tables on a replication connection of its own, so
 * that Debezium's streaming connection never reads the selected tables before it streams.
 *
 * <p>Why: Debezium checks the publication's tables ({@code pg_publication_tables}) on the
 * replication connection it then streams from. From PostgreSQL 16 that query opens every
 * published table, which leaves the table's current definition in that server process's
 * relation cache; logical decoding then decodes the backlog's older rows with it. A row written
 * before {@code RENAME COLUMN}, {@code DROP COLUMN} or {@code ADD COLUMN} reached Kafka in the
 * table's later shape, ahead of the DDL records that lead the sinks there (seen: the sink failed
 * on a NOT NULL column the row no longer named). Synced here, Debezium streams with
 * {@code publication.autocreate.mode=disabled}, which leaves the publication as it is.
 */
public final class PublicationSync {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationSync.class);
    private static final String AUTOCREATE_MODE = "publication.autocreate.mode";

    private PublicationSync() {
    }

    /**
     * The properties Debezium streams with: unchanged when it would create the slot or the
     * publication itself (it has no backlog then), else with the publication synced apart and
     * its own check switched off.
     */
    public static Map<String, String> apart(Map<String, String> debeziumProps) throws SQLException, InterruptedException {
        SlotConnectorConfig config = new SlotConnectorConfig(Configuration.from(debeziumProps));
        if (config.publicationAutocreate() == AutoCreateMode.DISABLED) {
            return debeziumProps;
        }
        Charset charset;
        try (PostgresConnection probe = new PostgresConnection(config.getJdbcConfig(), "Ferry publication sync")) {
            charset = probe.getDatabaseCharset();
            if (!exists(probe, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()",
                    config.slotName())
                    || !exists(probe, "SELECT 1 FROM pg_publication WHERE pubname = ?", config.publicationName())) {
                return debeziumProps;
            }
        }
        try (PostgresConnection metadata = new PostgresConnection(config.getJdbcConfig(),
                registry -> PostgresValueConverter.of(config, charset, registry), "Ferry publication sync");
                ReplicationConnection replication = config.replicationConnection(metadata, null)) {
            // Creates or updates the publication (the slot exists, so none is created).
            replication.initConnection();
        } catch (SQLException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("Closing the publication sync connection failed: " + e.getMessage(), e);
        }
        LOG.debug("Publication {} synced apart from the streaming connection", config.publicationName());
        Map<String, String> streaming = new HashMap<>(debeziumProps);
        streaming.put(AUTOCREATE_MODE, AutoCreateMode.DISABLED.getValue());
        return streaming;
    }

    private static boolean exists(PostgresConnection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.connection().prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
