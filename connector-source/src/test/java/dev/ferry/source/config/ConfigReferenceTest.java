package dev.ferry.source.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.ConfigReference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/config-source.md} equal to what the ConfigDef says. Run with
 * {@code -Dferry.docs.update=true} to rewrite the file after changing a key.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "config-source.md");

    @Test
    void sourceReferenceIsUpToDate() throws IOException {
        String generated = ConfigReference.markdown("Source connector configuration",
                "Ferry's own keys for `dev.ferry.source.PostgresSourceConnector`, and the Debezium keys whose "
                        + "default Ferry changes. Every other [Debezium PostgreSQL connector property]"
                        + "(https://debezium.io/documentation/reference/3.4/connectors/postgresql.html"
                        + "#postgresql-connector-properties) is accepted and passed through unchanged.",
                FerrySourceConfig.FERRY_CONFIG_DEF);
        if (Boolean.getBoolean("ferry.docs.update")) {
            Files.writeString(DOC, generated);
        }
        assertThat(DOC).as("docs/config-source.md is stale: run mvn test -pl connector-source -Dferry.docs.update=true")
                .hasContent(generated);
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(FerrySourceConfig.connectorConfigDef().configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).as(key.name).isNotBlank());
    }
}
