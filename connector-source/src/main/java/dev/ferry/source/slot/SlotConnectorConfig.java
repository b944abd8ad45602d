package dev.ferry.source.slot;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import java.time.Duration;

/**
 * Debezium's PostgreSQL configuration, with the settings its task reads through protected
 * accessors opened to Ferry's code that opens replication connections the way the task would
 * (the chunked snapshot creating the slot, {@link PublicationSync}).
 */
public final class SlotConnectorConfig extends PostgresConnectorConfig {

    public SlotConnectorConfig(Configuration config) {
        super(config);
    }

    public AutoCreateMode publicationAutocreate() {
        return publicationAutocreateMode();
    }

    public boolean failoverSlot() {
        return createFailOverSlot();
    }

    public Duration slotStatusUpdateInterval() {
        return statusUpdateInterval();
    }
}
