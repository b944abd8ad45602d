package dev.ferry.source;

import static dev.ferry.testsupport.ConnectRestClient.allValidationErrors;
import static dev.ferry.testsupport.ConnectRestClient.validationErrors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The precheck as users see it: {@code PUT /connector-plugins/.../config/validate}. */
class SourcePrecheckIT {

    @RegisterExtension
    static final PostgresExtension LOGICAL = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension REPLICA = new PostgresExtension().withSetting("wal_level", "replica");

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final String PLUGIN = PostgresSourceConnector.class.getSimpleName();

    @Test
    void walLevelReplicaIsReportedOnTheHostWithTheFix() {
        REPLICA.execute("CREATE TABLE public.t (id int PRIMARY KEY)");
        JsonNode result = CONNECT.rest().validate(PLUGIN, ConnectorConfigs.ferrySource(REPLICA, "r", "public.t"));

        assertThat(allValidationErrors(result)).containsOnlyKeys("database.hostname");
        assertThat(validationErrors(result, "database.hostname")).singleElement().asString()
                .contains("wal_level is 'replica'")
                .contains("ALTER SYSTEM SET wal_level = logical");
    }

    @Test
    void tableWithoutPrimaryKeyAndMissingTableAreReportedOnTheTableList() {
        LOGICAL.execute("CREATE TABLE public.no_pk (a int, b text)", "CREATE TABLE public.ok (id int PRIMARY KEY)");
        Map<String, String> config = ConnectorConfigs.ferrySource(LOGICAL, "p", "public.ok,public.no_pk,public.missing");
        JsonNode result = CONNECT.rest().validate(PLUGIN, config);

        assertThat(validationErrors(result, "table.include.list"))
                .anySatisfy(e -> assertThat(e).contains("table public.no_pk has no primary key"))
                .anySatisfy(e -> assertThat(e).contains("'public.missing' matches no table"))
                .hasSize(2);
        assertThat(allValidationErrors(result)).containsOnlyKeys("table.include.list");
    }

    @Test
    void validConfigurationPassesAndWarnModeDoesNotBlock() {
        LOGICAL.execute("CREATE TABLE public.good (id int PRIMARY KEY)", "CREATE TABLE public.keyless (a int)");
        assertThat(allValidationErrors(CONNECT.rest().validate(PLUGIN,
                ConnectorConfigs.ferrySource(LOGICAL, "g", "public.good")))).isEmpty();

        Map<String, String> warnOnly = ConnectorConfigs.ferrySource(LOGICAL, "w", "public.keyless");
        warnOnly.put("precheck.mode", "warn");
        JsonNode result = CONNECT.rest().validate(PLUGIN, warnOnly);
        assertThat(allValidationErrors(result)).isEmpty();
        assertThat(dev.ferry.testsupport.ConnectRestClient.validationValue(result, "precheck.warnings"))
                .contains("table public.keyless has no primary key");
    }
}
