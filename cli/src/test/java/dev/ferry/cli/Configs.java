package dev.ferry.cli;

import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.util.LinkedHashMap;
import java.util.Map;

/** Connector configs pointing at the test servers, as the CLI reads them. */
final class Configs {

    private Configs() {
    }

    static Map<String, String> source(PostgresExtension pg, String prefix, String tables) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.ferry.source.PostgresSourceConnector");
        config.put("database.hostname", pg.host());
        config.put("database.port", String.valueOf(pg.port()));
        config.put("database.user", PostgresExtension.USER);
        config.put("database.password", PostgresExtension.PASSWORD);
        config.put("database.dbname", PostgresExtension.DATABASE);
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
}
