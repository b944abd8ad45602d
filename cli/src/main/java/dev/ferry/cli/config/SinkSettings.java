package dev.ferry.cli.config;

import dev.ferry.cli.FerryException;
import dev.ferry.contract.Redaction;
import dev.ferry.contract.TargetNaming;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** What the tools need from a Ferry sink configuration: where the target is and how tables are named there. */
public record SinkSettings(String url, String user, String password, String tableNameFormat, String topicPrefix) {

    public static SinkSettings from(Map<String, String> config, String topicPrefix) {
        String url = SourceSettings.require(config, "connection.url");
        String format = TargetNaming.tableNameFormat(config.get("table.name.format"), url);
        return new SinkSettings(url, config.getOrDefault("connection.user", ""),
                config.getOrDefault("connection.password", ""), format, topicPrefix);
    }

    public static boolean isMySql(String url) {
        return TargetNaming.isMySqlFamily(url);
    }

    public boolean isMySql() {
        return isMySql(url);
    }

    /** The target table of a source table {@code schema.table}, as the sink names it. */
    public String targetTable(String schema, String table) {
        return tableNameFormat.replace("${source.schema}", schema).replace("${source.table}", table)
                .replace("${topic}", topicPrefix + "." + schema + "." + table);
    }

    public Connection connect() {
        // The MariaDB driver serves MySQL too, as in the sink.
        String jdbcUrl = TargetNaming.mariaDbDriverUrl(url);
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        if (!isMySql()) {
            // Lets the server type string parameters (uuid, json, …) when rows are repaired.
            props.setProperty("stringtype", "unspecified");
        }
        try {
            return DriverManager.getConnection(jdbcUrl, props);
        } catch (SQLException e) {
            throw new FerryException("cannot connect to the target " + Redaction.jdbcUrl(url) + " as " + user + ": "
                    + Redaction.secret(e.getMessage(), password), e);
        }
    }
}
