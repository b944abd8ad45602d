package dev.ferry.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.ConfigReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/config-transforms.md} equal to what the ConfigDefs say. Run with
 * {@code -Dferry.docs.update=true} to rewrite the file after changing a key.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "config-transforms.md");

    @Test
    void transformsReferenceIsUpToDate() throws IOException {
        String generated = "# Transforms configuration\n\nSet them on a connector as "
                + "`transforms=<alias>,...`, `transforms.<alias>.type=<class>` and `transforms.<alias>.<key>=...`. "
                + "They run in the order listed: a filter after a rename sees the renamed names.\n\n"
                + section("dev.ferry.transforms.RenameObjects", RenameObjects.OVERVIEW_DOC, RenameObjects.CONFIG_DEF)
                + section("dev.ferry.transforms.FilterRows", FilterRows.OVERVIEW_DOC, FilterRows.CONFIG_DEF)
                + section("dev.ferry.transforms.FilterOperations", FilterOperations.OVERVIEW_DOC,
                        FilterOperations.CONFIG_DEF);
        if (Boolean.getBoolean("ferry.docs.update")) {
            Files.writeString(DOC, generated);
        }
        assertThat(DOC).as("docs/config-transforms.md is stale: run mvn test -pl transforms -Dferry.docs.update=true")
                .hasContent(generated);
    }

    private static String section(String className, String overview, ConfigDef def) {
        return "#" + ConfigReference.markdown("`" + className + "`", overview, def) + "\n";
    }

    @Test
    void everyKeyIsDocumented() {
        for (ConfigDef def : List.of(RenameObjects.CONFIG_DEF, FilterRows.CONFIG_DEF, FilterOperations.CONFIG_DEF)) {
            assertThat(def.configKeys().values()).allSatisfy(key -> assertThat(key.documentation).as(key.name).isNotBlank());
        }
    }
}
