package dev.ferry.contract;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How Ferry opens its own JDBC connections to the PostgreSQL source from a source connector
 * configuration, beside the ones Debezium opens. The connector (precheck, replica identity,
 * heartbeat) and every {@code ferry} command read the same keys here, so a TLS setting that
 * reaches Debezium reaches them too.
 */
public final class SourceConnectionProperties {

    /**
     * Debezium's {@code database.*} TLS keys, each passed to pgjdbc under the name after the
     * prefix, as Debezium passes them: {@code sslmode} (disable … verify-full), the root
     * certificate, the client certificate and key (PKCS-8 DER or PKCS-12), the key's password and
     * a custom socket factory.
     */
    public static final List<String> TLS_KEYS = List.of("database.sslmode", "database.sslrootcert",
            "database.sslcert", "database.sslkey", "database.sslpassword", "database.sslfactory");

    private SourceConnectionProperties() {
    }

    public static String jdbcUrl(Map<String, String> config) {
        return jdbcUrl(config.getOrDefault("database.hostname", "localhost"), config.getOrDefault("database.port", "5432"),
                config.getOrDefault("database.dbname", "postgres"));
    }

    public static String jdbcUrl(String host, String port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Driver properties: user, password and the TLS keys that are set, named as pgjdbc names them. */
    public static Properties driverProperties(Map<String, String> config, String applicationName) {
        Properties jdbc = new Properties();
        putIfPresent(jdbc, "user", config.get("database.user"));
        putIfPresent(jdbc, "password", config.get("database.password"));
        for (String key : TLS_KEYS) {
            putIfPresent(jdbc, key.substring("database.".length()), config.get(key));
        }
        jdbc.setProperty("ApplicationName", applicationName);
        return jdbc;
    }

    private static void putIfPresent(Properties jdbc, String key, String value) {
        if (value != null && !value.isBlank()) {
            jdbc.setProperty(key, value);
        }
    }
}
