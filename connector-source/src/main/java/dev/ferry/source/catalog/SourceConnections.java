package dev.ferry.source.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** Plain JDBC connections to the source, for Ferry's own work beside Debezium's connections. */
public final class SourceConnections {

    private SourceConnections() {
    }

    public static String describe(Map<String, String> props) {
        return props.getOrDefault("database.hostname", "?") + ":" + props.getOrDefault("database.port", "5432")
                + "/" + props.getOrDefault("database.dbname", "?");
    }

    public static Connection open(Map<String, String> props) throws SQLException {
        String url = "jdbc:postgresql://" + props.getOrDefault("database.hostname", "localhost") + ":"
                + props.getOrDefault("database.port", "5432") + "/" + props.getOrDefault("database.dbname", "postgres");
        Properties jdbc = new Properties();
        putIfPresent(jdbc, "user", props.get("database.user"));
        putIfPresent(jdbc, "password", props.get("database.password"));
        putIfPresent(jdbc, "sslmode", props.get("database.sslmode"));
        putIfPresent(jdbc, "sslrootcert", props.get("database.sslrootcert"));
        jdbc.setProperty("ApplicationName", "ferry");
        jdbc.setProperty("connectTimeout", "10");
        // DriverManager may not see a driver that lives in a plugin class loader; ask it directly.
        return new org.postgresql.Driver().connect(url, jdbc);
    }

    private static void putIfPresent(Properties jdbc, String key, String value) {
        if (value != null && !value.isBlank()) {
            jdbc.setProperty(key, value);
        }
    }
}
