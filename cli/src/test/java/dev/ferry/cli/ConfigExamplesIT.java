package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.config.ConnectorConfigFile;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file in config-examples/, placeholders filled with real servers, passes the Connect REST
 * validate endpoint (which runs the connectors' prechecks and the transforms' rule parsing), and
 * {@code ferry precheck} reports it clean.
 */
class ConfigExamplesIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    @TempDir
    Path dir;

    @Test
    void everyExampleValidatesAgainstRealServers() throws IOException {
        SOURCE.execute("CREATE TABLE public.orders (id int PRIMARY KEY, amt numeric)",
                "CREATE TABLE public.customers (id int PRIMARY KEY, country text)");
        Map<String, String> values = Configs.examplePlaceholders(SOURCE, TARGET_PG, TARGET_MARIADB);
        // Validation loads the converter classes; AvroPipelineIT runs these files against a real registry.
        values.put("SCHEMA_REGISTRY_URL", "http://localhost:8080/apis/registry/v2");

        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("ferry.home"), "config-examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(examples).extracting(p -> p.getFileName().toString())
                .contains("source-postgres.json", "sink-postgres.json", "sink-mysql.json", "sink-analyticdb.json",
                        "sink-postgres-transforms.json", "source-postgres-avro.json", "sink-postgres-avro.json");
        for (Path example : examples) {
            Map<String, String> config = ConnectorConfigFile.load(example, values::get);
            config.put("name", example.getFileName().toString().replace(".json", ""));
            JsonNode validation = CONNECT.rest().validate(config.get("connector.class"), config);
            assertThat(ConnectRestClient.allValidationErrors(validation)).as(example.getFileName().toString()).isEmpty();

            Path filled = CliRun.configFile(dir, example.getFileName().toString().replace(".json", ""), config);
            CliRun precheck = CliRun.of("precheck", "-c", filled.toString(), "--connect-url", CONNECT.rest().baseUrl());
            assertThat(precheck.exitCode()).as(precheck.toString()).isZero();
            assertThat(precheck.out()).contains("precheck: 0 failure(s)");
        }
    }

    @Test
    void precheckReportsFailuresWithTheirKeys() {
        SOURCE.execute("CREATE TABLE public.precheck_no_key (a int)");
        // A table without a key fails; one that does not exist yet is a warning (a pattern for tables to come).
        Map<String, String> config = Configs.source(SOURCE, "bad", "public.precheck_no_key,public.no_such_table");
        Path file = CliRun.configFile(dir, "bad-source", config);
        CliRun precheck = CliRun.of("precheck", "-c", file.toString(), "--connect-url", CONNECT.rest().baseUrl());
        assertThat(precheck.exitCode()).as(precheck.toString()).isEqualTo(1);
        assertThat(precheck.out()).contains("bad-source (dev.ferry.source.PostgresSourceConnector)").contains("FAIL ")
                .contains("public.precheck_no_key has no primary key")
                .contains("WARN table.include.list entry 'public.no_such_table' matches no table")
                .containsPattern("precheck: [1-9]\\d* failure\\(s\\)");
    }
}
