package dev.ferry.sink;

import dev.ferry.sink.config.SinkConfig;
import dev.ferry.sink.config.TableNameFormat;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.Dialects;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.structure.SchemaSyncLedger;
import dev.ferry.sink.structure.StructureApplier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Applies change events to PostgreSQL (also PolarDB and RDS), MySQL/MariaDB (also RDS) and
 * AnalyticDB for PostgreSQL with REPLACE INTO semantics: inserts and updates become upserts, a
 * key change becomes delete plus insert, deletes delete, truncates truncate. Accepts Debezium
 * envelopes (Ferry's source or stock Debezium) and flattened records.
 */
public class DatabaseSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new SinkConfig(props);
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DatabaseSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> config = new HashMap<>(props);
            config.put("task.id", Integer.toString(i));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return SinkConfig.CONFIG_DEF;
    }

    /** Field checks, then live checks against the target, each reported on the key it concerns. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        result.configValues().forEach(v -> values.put(v.name(), v));
        if (values.values().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return result;
        }
        SinkConfig config = new SinkConfig(connectorConfigs);
        Dialect dialect;
        try {
            dialect = Dialects.forConfig(config.connectionUrl(), config.dialectName());
        } catch (ConfigException e) {
            values.get(SinkConfig.CONNECTION_URL).addErrorMessage(e.getMessage());
            return result;
        }
        try (Connection connection = dialect.connect(config.connectionUrl(), config.connectionUser(),
                config.connectionPassword())) {
            if (connection == null) {
                values.get(SinkConfig.CONNECTION_URL).addErrorMessage("the " + dialect.name()
                        + " driver does not accept this URL");
                return result;
            }
            checkPrivileges(connection, dialect, config, values);
            if (config.schemaSyncEnabled()) {
                checkConflicts(connection, dialect, config, connectorConfigs, values);
            }
            dialect.targetProblems(connection).forEach(values.get(SinkConfig.CONNECTION_URL)::addErrorMessage);
        } catch (SQLException e) {
            values.get(SinkConfig.CONNECTION_URL).addErrorMessage("cannot connect to " + config.displayUrl()
                    + " as '" + config.connectionUser() + "': " + e.getMessage());
        }
        return result;
    }

    /**
     * schema.conflict.mode=precheck: the target tables of the {@code topics} listed (a
     * {@code topics.regex} names none in advance; the task checks each before its first schema
     * apply) must not hold rows unless this connector took them over already.
     */
    private static void checkConflicts(Connection connection, Dialect dialect, SinkConfig config,
            Map<String, String> connectorConfigs, Map<String, ConfigValue> values) throws SQLException {
        String topics = connectorConfigs.getOrDefault("topics", "");
        String format = config.tableNameFormat();
        TableNameFormat names = new TableNameFormat(format.isBlank() ? dialect.defaultTableNameFormat() : format);
        SchemaSyncLedger ledger = new SchemaSyncLedger(dialect, connectorConfigs.getOrDefault("name", ""));
        connection.setAutoCommit(true);
        for (String topic : topics.split(",")) {
            if (topic.isBlank()) {
                continue;
            }
            TableId target = names.target(TableId.ofTopic(topic.trim()), topic.trim());
            String conflict = ledger.contains(connection, target) ? null
                    : StructureApplier.conflict(connection, dialect, target, config.schemaConflictMode());
            if (conflict != null) {
                values.get(SinkConfig.SCHEMA_CONFLICT_MODE).addErrorMessage(conflict);
            }
        }
    }

    /** Creating, writing and dropping a scratch table proves the rights the sink needs. */
    private static void checkPrivileges(Connection connection, Dialect dialect, SinkConfig config,
            Map<String, ConfigValue> values) {
        String probe = dialect.quote("ferry_precheck_probe");
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("CREATE TABLE " + probe + " (id INT PRIMARY KEY, v VARCHAR(10))");
            statement.execute("INSERT INTO " + probe + " VALUES (1, 'a')");
            statement.execute("UPDATE " + probe + " SET v = 'b' WHERE id = 1");
            statement.execute("DELETE FROM " + probe + " WHERE id = 1");
            statement.execute("DROP TABLE " + probe);
            connection.rollback();
        } catch (SQLException e) {
            values.get(SinkConfig.CONNECTION_USER).addErrorMessage("user '" + config.connectionUser()
                    + "' cannot create, insert, update and delete in the target's default schema: " + e.getMessage()
                    + ". Grant CREATE, INSERT, UPDATE, DELETE (or create the tables and set auto.create=false).");
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The connection is closed right after.
            }
        }
    }
}
