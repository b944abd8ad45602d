package dev.ferry.cli.commands;

import dev.ferry.cli.FerryException;
import dev.ferry.cli.config.ConnectorConfigFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Tells the source config from the sink config among the files given with -c. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static boolean isSource(Map<String, String> config) {
        return config.containsKey("database.hostname");
    }

    static Map<String, String> source(List<Path> files) {
        for (Path file : files) {
            Map<String, String> config = ConnectorConfigFile.load(file);
            if (isSource(config)) {
                return config;
            }
        }
        throw new FerryException("none of the -c files is a source connector config (with database.hostname)");
    }

    static Map<String, String> sink(List<Path> files) {
        for (Path file : files) {
            Map<String, String> config = ConnectorConfigFile.load(file);
            if (config.containsKey("connection.url")) {
                return config;
            }
        }
        throw new FerryException("none of the -c files is a sink connector config (with connection.url)");
    }
}
