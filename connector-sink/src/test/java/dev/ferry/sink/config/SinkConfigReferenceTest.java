package dev.ferry.sink.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.ConfigReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/config-sink.md} equal to what the ConfigDef says. Run with
 * {@code -Dferry.docs.update=true} to rewrite the file after changing a key.
 */
class SinkConfigReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "config-sink.md");

    @Test
    void sinkReferenceIsUpToDate() throws IOException {
        String generated = ConfigReference.markdown("Sink connector configuration",
                "Keys of `dev.ferry.sink.DatabaseSinkConnector`, besides Kafka Connect's own sink keys (`topics`, "
                        + "`topics.regex`, `errors.tolerance`, `errors.deadletterqueue.topic.name`, `consumer.override.*`, …).",
                SinkConfig.CONFIG_DEF);
        if (Boolean.getBoolean("ferry.docs.update")) {
            Files.writeString(DOC, generated);
        }
        assertThat(DOC).as("docs/config-sink.md is stale: run mvn test -pl connector-sink -Dferry.docs.update=true")
                .hasContent(generated);
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(SinkConfig.CONFIG_DEF.configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).as(key.name).isNotBlank());
    }
}
