package dev.ferry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.config.ConnectorConfigFile;
import dev.ferry.cli.rest.ConnectClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "precheck", mixinStandardHelpOptions = true,
        description = {"Runs the connectors' prechecks before you create them and prints a report: each problem as "
                + "FAIL or WARN with the key it concerns and the fix.",
                "The checks run inside the Connect worker (the connectors' validate), so they see the databases as the "
                        + "worker does: source reachable, wal_level=logical, replication rights, tables with primary keys, "
                        + "slot and publication state; target reachable, write rights, character set."},
        footer = {"", "Examples:", "  ferry precheck -c config-examples/source-postgres.json",
                "  ferry precheck -c source.json -c sink.json --connect-url http://connect:8083"})
public final class PrecheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "Connector configs (JSON) to check.")
    private List<Path> configs = new ArrayList<>();

    @Option(names = "--connect-url", defaultValue = "http://localhost:8083", description = "Kafka Connect REST URL "
            + "(default ${DEFAULT-VALUE}).")
    private String connectUrl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConnectClient connect = new ConnectClient(connectUrl);
        int failures = 0;
        int warnings = 0;
        for (Path file : configs) {
            Map<String, String> config = ConnectorConfigFile.load(file);
            String name = ConnectorConfigFile.nameOf(config, file);
            config.putIfAbsent("name", name);
            out.printf("%s (%s)%n", name, config.get("connector.class"));
            JsonNode result = connect.validate(config);
            int before = failures + warnings;
            for (JsonNode entry : result.path("configs")) {
                JsonNode value = entry.path("value");
                String key = value.path("name").asText();
                for (JsonNode error : value.path("errors")) {
                    out.printf("  FAIL %s: %s%n", key, error.asText());
                    failures++;
                }
                if (key.equals("precheck.warnings") && !value.path("value").isNull()
                        && !value.path("value").asText().isBlank()) {
                    out.printf("  WARN %s%n", value.path("value").asText());
                    warnings++;
                }
            }
            if (failures + warnings == before) {
                out.println("  PASS every check");
            }
        }
        out.printf("precheck: %d failure(s), %d warning(s)%n", failures, warnings);
        return failures == 0 ? 0 : 1;
    }
}
