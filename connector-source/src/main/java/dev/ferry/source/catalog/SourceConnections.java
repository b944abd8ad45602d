package dev.ferry.source.catalog;

import dev.ferry.contract.SourceConnectionProperties;
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
        Properties jdbc = SourceConnectionProperties.driverProperties(props, "ferry");
        jdbc.setProperty("connectTimeout", "10");
        // DriverManager may not see a driver that lives in a plugin class loader; ask it directly.
        return new org.postgresql.Driver().connect(SourceConnectionProperties.jdbcUrl(props), jdbc);
    }
}
