package dev.ferry.source.snapshot.chunked;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import java.time.Duration;

/**
 * Debezium's PostgreSQL configuration, with the settings its task reads through protected
 * accessors opened to the snapshot, which creates the slot the way the task would.
 */
final class SnapshotConnectorConfig extends PostgresConnectorConfig {

    SnapshotConnectorConfig(Configuration config) {
        super(config);
    }

    AutoCreateMode publicationAutocreate() {
        return publicationAutocreateMode();
    }

    boolean failoverSlot() {
        return createFailOverSlot();
    }

    Duration slotStatusUpdateInterval() {
        return statusUpdateInterval();
    }
}
