package dev.ferry.source.snapshot.chunked;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresSchema;
import io.debezium.connector.postgresql.PostgresTaskContext;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.converters.custom.CustomConverterServiceProvider;
import io.debezium.relational.TableId;
import io.debezium.spi.topic.TopicNamingStrategy;
import java.sql.SQLException;

/**
 * The table schemas Debezium's own task builds, built the same way: its value converter, default
 * value converter, custom converters, column filters and mappers, key mapper and topic naming,
 * all from the same configuration. Records made from them are the records Debezium's snapshot
 * would emit, and they match the schemas its streaming emits afterwards.
 *
 * <p>Debezium's schema and task context constructors are protected, meant for its task; these
 * subclasses only make them callable.
 */
final class DebeziumTableSchemas extends PostgresSchema {

    private final TopicNamingStrategy<TableId> topicNaming;

    private DebeziumTableSchemas(Configuration rawConfig, PostgresConnectorConfig config, PostgresConnection connection,
            TopicNamingStrategy<TableId> topicNaming) throws SQLException {
        super(new TaskContext(rawConfig, config), connection.getDefaultValueConverter(), topicNaming,
                PostgresValueConverter.of(config, connection.getDatabaseCharset(), connection.getTypeRegistry()),
                new CustomConverterServiceProvider().createService(rawConfig, null));
        this.topicNaming = topicNaming;
    }

    /** Schemas typed by {@code connection}'s type registry; empty until {@link #readFrom}. */
    @SuppressWarnings("unchecked")
    static DebeziumTableSchemas create(Configuration rawConfig, PostgresConnectorConfig config,
            PostgresConnection connection) throws SQLException {
        TopicNamingStrategy<TableId> naming = config.getTopicNamingStrategy(PostgresConnectorConfig.TOPIC_NAMING_STRATEGY);
        return new DebeziumTableSchemas(rawConfig, config, connection, naming);
    }

    /** Reads every selected table's structure through {@code connection}, within its open transaction. */
    void readFrom(PostgresConnection connection) throws SQLException {
        refresh(connection, false);
    }

    String topicFor(TableId table) {
        return topicNaming.dataChangeTopic(table);
    }

    private static final class TaskContext extends PostgresTaskContext {

        TaskContext(Configuration rawConfig, PostgresConnectorConfig config) {
            super(rawConfig, config);
        }
    }
}
