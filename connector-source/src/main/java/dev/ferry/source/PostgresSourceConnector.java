package dev.ferry.source;

import dev.ferry.source.config.DebeziumProperties;
import dev.ferry.source.config.FerrySourceConfig;
import dev.ferry.source.config.FerrySourceConfig.PrecheckMode;
import dev.ferry.source.precheck.PrecheckItem;
import dev.ferry.source.precheck.SourcePrecheck;
import io.debezium.connector.postgresql.PostgresConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures a PostgreSQL database into Kafka topics {@code <topic.prefix>.<schema>.<table>}:
 * a consistent snapshot, then every change from the WAL through a logical replication slot.
 *
 * <p>Decoding and the snapshot are Debezium's PostgreSQL connector, embedded in the task; Ferry
 * adds a precheck in {@link #validate}, managed slot and publication names, heartbeats through a
 * table, REPLICA IDENTITY FULL, filled-in TOAST values and throttling. Every Debezium PostgreSQL
 * property is accepted and passed through.
 */
public class PostgresSourceConnector extends SourceConnector {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        // Fails fast, with the key named, on a Ferry key with an invalid value.
        new FerrySourceConfig(props);
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresSourceTask.class;
    }

    /** A replication slot is consumed by one reader at a time, so there is exactly one task. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(new HashMap<>(props));
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return FerrySourceConfig.connectorConfigDef();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Offsets are WAL positions and Debezium skips what it already emitted on resume, so Connect
        // can write records and offsets in one Kafka transaction.
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * With {@code transaction.boundary=connector} the task ends Kafka transactions itself: after
     * each snapshot chunk and after each streamed batch (see {@code TransactionBoundaries}).
     */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        for (ConfigValue value : FerrySourceConfig.FERRY_CONFIG_DEF.validate(connectorConfigs)) {
            values.put(value.name(), value);
        }
        if (hasErrors(values)) {
            return new Config(new ArrayList<>(values.values()));
        }
        Map<String, String> debeziumProps = DebeziumProperties.from(connectorConfigs);
        for (ConfigValue value : new PostgresConnector().validate(debeziumProps).configValues()) {
            values.putIfAbsent(value.name(), value);
        }
        PrecheckMode mode = new FerrySourceConfig(connectorConfigs).precheckMode();
        if (mode != PrecheckMode.OFF && !hasErrors(values)) {
            applyPrecheck(values, new SourcePrecheck(debeziumProps).run(), mode);
        }
        return new Config(new ArrayList<>(values.values()));
    }

    private static void applyPrecheck(Map<String, ConfigValue> values, List<PrecheckItem> items, PrecheckMode mode) {
        List<String> warnings = new ArrayList<>();
        for (PrecheckItem item : items) {
            switch (item.status()) {
                case FAIL -> {
                    LOG.warn("Precheck failed: {}", item.message());
                    if (mode == PrecheckMode.ERROR) {
                        values.computeIfAbsent(item.configKey(), ConfigValue::new).addErrorMessage(item.message());
                    } else {
                        warnings.add(item.message());
                    }
                }
                case WARN -> {
                    LOG.warn("Precheck warning: {}", item.message());
                    warnings.add(item.message());
                }
                default -> LOG.debug("Precheck passed: {}", item.message());
            }
        }
        values.computeIfAbsent(FerrySourceConfig.PRECHECK_WARNINGS, ConfigValue::new).value(warnings);
    }

    private static boolean hasErrors(Map<String, ConfigValue> values) {
        return values.values().stream().anyMatch(v -> !v.errorMessages().isEmpty());
    }
}
