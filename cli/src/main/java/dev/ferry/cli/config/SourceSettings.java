package dev.ferry.cli.config;

import dev.ferry.cli.FerryException;
import dev.ferry.contract.Redaction;
import dev.ferry.contract.SourceConnectionProperties;
import dev.ferry.contract.SourceObjectNames;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What the tools need from a source connector configuration (Ferry's or Debezium's PostgreSQL connector). */
public record SourceSettings(String host, int port, String database, String user, String password, String topicPrefix,
        String slotName, String publicationName, String heartbeatTable, List<String> tables, Properties driverProperties) {

    public static SourceSettings from(Map<String, String> config) {
        String prefix = require(config, "topic.prefix");
        List<String> tables = new ArrayList<>();
        for (String table : config.getOrDefault("table.include.list", "").split(",")) {
            if (!table.isBlank()) {
                tables.add(table.trim());
            }
        }
        return new SourceSettings(require(config, "database.hostname"),
                Integer.parseInt(config.getOrDefault("database.port", "5432")),
                require(config, "database.dbname"), require(config, "database.user"),
                config.getOrDefault("database.password", ""), prefix,
                SourceObjectNames.slotName(config.get("slot.name"), prefix),
                SourceObjectNames.publicationName(config.get("publication.name"), prefix),
                blankToDefault(config.get("heartbeat.table"), SourceObjectNames.HEARTBEAT_TABLE), tables,
                SourceConnectionProperties.driverProperties(config, "ferry-cli"));
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static String require(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            throw new FerryException("the connector config has no " + key);
        }
        return value;
    }

    public String jdbcUrl() {
        return SourceConnectionProperties.jdbcUrl(host, Integer.toString(port), database);
    }

    public Connection connect() {
        try {
            // The connector's own user, password and TLS settings, read as the connector reads them.
            return DriverManager.getConnection(jdbcUrl(), driverProperties);
        } catch (SQLException e) {
            throw new FerryException("cannot connect to the source " + jdbcUrl() + " as " + user + ": "
                    + Redaction.secret(e.getMessage(), password), e);
        }
    }
}
