package dev.ferry.cli.config;

import dev.ferry.cli.FerryException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the tools need from a source connector configuration (Ferry's or Debezium's PostgreSQL connector). */
public record SourceSettings(String host, int port, String database, String user, String password, String topicPrefix,
        String slotName, String publicationName, String heartbeatTable, List<String> tables) {

    public static SourceSettings from(Map<String, String> config) {
        String prefix = require(config, "topic.prefix");
        String ferryName = "ferry_" + prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
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
                config.getOrDefault("slot.name", ferryName), config.getOrDefault("publication.name", ferryName),
                config.getOrDefault("heartbeat.table", "public.ferry_heartbeat"), tables);
    }

    static String require(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            throw new FerryException("the connector config has no " + key);
        }
        return value;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect() {
        try {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        } catch (SQLException e) {
            throw new FerryException("cannot connect to the source " + jdbcUrl() + " as " + user + ": " + e.getMessage(), e);
        }
    }
}
