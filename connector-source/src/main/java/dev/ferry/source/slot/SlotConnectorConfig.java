package dev.ferry.source.slot;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresSchema;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
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

    /**
     * A replication connection to this slot and publication, built as Debezium's task builds its
     * own; {@code metadata} types its values and answers its catalog queries, {@code schema} (may
     * be null) decodes messages.
     */
    public ReplicationConnection replicationConnection(PostgresConnection metadata, PostgresSchema schema) {
        return ReplicationConnection.builder(this)
                .withSlot(slotName())
                .withPublication(publicationName())
                .withTableFilter(getTableFilters())
                .withPublicationAutocreateMode(publicationAutocreate())
                .withPlugin(plugin())
                .dropSlotOnClose(false)
                .createFailOverSlot(failoverSlot())
                .statusUpdateInterval(slotStatusUpdateInterval())
                .withTypeRegistry(metadata.getTypeRegistry())
                .withSchema(schema)
                .jdbcMetadataConnection(metadata)
                .build();
    }
}
