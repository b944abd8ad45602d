package dev.ferry.source.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.source.config.DebeziumProperties;
import dev.ferry.source.config.QualifiedTableName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DdlCaptureTest {

    private static final List<QualifiedTableName> OWN = List.of(new QualifiedTableName("public", "ferry_heartbeat"),
            new QualifiedTableName("public", "ferry_ddl_command"), new QualifiedTableName("public", "ferry_p_signal"));

    @Test
    void tablesCreatedLaterAreMatchedByTheUsersFiltersOnly() {
        Map<String, String> props = DebeziumProperties.from(Map.of("topic.prefix", "p",
                "table.include.list", "shop\\..*,public.o'x", "schema.exclude.list", "tmp"));

        assertThat(DdlCapture.selection(props, OWN)).isEqualTo("n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND ((n.nspname || '.' || c.relname) ~* ANY (ARRAY['^(?:shop\\..*)$', '^(?:public.o''x)$']))"
                + " AND NOT (n.nspname ~* ANY (ARRAY['^(?:tmp)$']))");
        assertThat(DdlCapture.selection(Map.of(), OWN)).isEqualTo("n.nspname NOT IN ('pg_catalog', 'information_schema')");
    }
}
