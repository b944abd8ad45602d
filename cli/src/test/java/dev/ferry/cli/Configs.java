package dev.ferry.cli;

import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connector configs pointing at the test servers, as the CLI reads them. */
final class Configs {

    private Configs() {
    }

    static Map<String, String> source(PostgresExtension pg, String prefix, String tables) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.ferry.source.PostgresSourceConnector");
        config.putAll(pg.sourceConnectionConfig());
        config.put("topic.prefix", prefix);
        config.put("table.include.list", tables);
        return config;
    }

    static Map<String, String> pgSink(PostgresExtension pg) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.ferry.sink.DatabaseSinkConnector");
        config.put("connection.url", pg.jdbcUrl());
        config.put("connection.user", PostgresExtension.USER);
        config.put("connection.password", PostgresExtension.PASSWORD);
        return config;
    }

    static Map<String, String> mySqlSink(MariaDbExtension mariaDb) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.ferry.sink.DatabaseSinkConnector");
        config.put("connection.url", mariaDb.jdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:"));
        config.put("connection.user", MariaDbExtension.USER);
        config.put("connection.password", MariaDbExtension.PASSWORD);
        config.put("table.name.format", "${source.table}");
        return config;
    }

    /** Values for the {@code ${…}} placeholders of config-examples/, pointing at the test servers. */
    static Map<String, String> examplePlaceholders(PostgresExtension source, PostgresExtension targetPg,
            MariaDbExtension mariaDb) {
        Map<String, String> values = new HashMap<>();
        values.put("POSTGRES_HOST", source.host());
        values.put("POSTGRES_PORT", String.valueOf(source.port()));
        values.put("POSTGRES_USER", PostgresExtension.USER);
        values.put("POSTGRES_PASSWORD", PostgresExtension.PASSWORD);
        values.put("POSTGRES_DB", PostgresExtension.DATABASE);
        // AnalyticDB for PostgreSQL speaks the PostgreSQL protocol: its example runs against PostgreSQL.
        for (String prefix : List.of("TARGET_PG", "TARGET_ADB")) {
            values.put(prefix + "_HOST", targetPg.host());
            values.put(prefix + "_PORT", String.valueOf(targetPg.port()));
            values.put(prefix + "_USER", PostgresExtension.USER);
            values.put(prefix + "_PASSWORD", PostgresExtension.PASSWORD);
            values.put(prefix + "_DB", PostgresExtension.DATABASE);
        }
        values.put("TARGET_MYSQL_HOST", "localhost");
        values.put("TARGET_MYSQL_PORT", mariaDb.jdbcUrl().replaceAll("^.*://[^:]+:(\\d+)/.*$", "$1"));
        values.put("TARGET_MYSQL_USER", MariaDbExtension.USER);
        values.put("TARGET_MYSQL_PASSWORD", MariaDbExtension.PASSWORD);
        values.put("TARGET_MYSQL_DB", MariaDbExtension.DATABASE);
        return values;
    }
}
