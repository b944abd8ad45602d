package dev.ferry.source;

import static dev.ferry.testsupport.ConnectRestClient.allValidationErrors;
import static dev.ferry.testsupport.ConnectRestClient.validationErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.time.Duration;
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
    void tableWithoutPrimaryKeyIsAnErrorAndAMissingTableAWarningOnTheTableList() {
        LOGICAL.execute("CREATE TABLE public.no_pk (a int, b text)", "CREATE TABLE public.ok (id int PRIMARY KEY)");
        Map<String, String> config = ConnectorConfigs.ferrySource(LOGICAL, "p", "public.ok,public.no_pk,public.missing");
        JsonNode result = CONNECT.rest().validate(PLUGIN, config);

        assertThat(validationErrors(result, "table.include.list")).singleElement().asString()
                .contains("table public.no_pk has no primary key");
        assertThat(allValidationErrors(result)).containsOnlyKeys("table.include.list");
        // An entry for tables to come (or renamed since) can be saved.
        assertThat(dev.ferry.testsupport.ConnectRestClient.validationValue(result, "precheck.warnings"))
                .contains("'public.missing' matches no table");
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

    @Test
    void aUserWhoMayNotCreateEventTriggersGetsAWarningOnDdlSync() {
        LOGICAL.execute("CREATE TABLE public.plain (id int PRIMARY KEY)",
                "CREATE ROLE replicator WITH LOGIN REPLICATION PASSWORD 'secret'",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO replicator",
                "ALTER TABLE public.plain OWNER TO replicator");
        Map<String, String> config = ConnectorConfigs.ferrySource(LOGICAL, "limited", "public.plain");
        config.put("database.user", "replicator");
        config.put("database.password", "secret");

        JsonNode result = CONNECT.rest().validate(PLUGIN, config);

        assertThat(allValidationErrors(result)).isEmpty();
        assertThat(dev.ferry.testsupport.ConnectRestClient.validationValue(result, "precheck.warnings"))
                .contains("user 'replicator' cannot create event triggers")
                .contains("set ddl.sync=false");
        config.put("ddl.sync", "false");
        assertThat(dev.ferry.testsupport.ConnectRestClient.validationValue(CONNECT.rest().validate(PLUGIN, config),
                "precheck.warnings")).doesNotContain("event triggers");

        // The pipeline runs without DDL capture, and a column added later still reaches Kafka with the rows.
        config.remove("ddl.sync");
        // A heartbeat table of its own: the other tests' one belongs to the superuser.
        config.put("heartbeat.table", "public.limited_heartbeat");
        LOGICAL.execute("DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO replicator', current_database()); "
                + "END $$", "GRANT CREATE ON SCHEMA public TO replicator");
        CONNECT.rest().putConnectorConfig("limited", config);
        CONNECT.rest().awaitRunning("limited", 1, Duration.ofMinutes(2));
        await("the snapshot in Kafka").atMost(Duration.ofMinutes(2)).until(() -> CONNECT.topics().listTopics()
                .contains("limited.public.plain"));
        LOGICAL.execute("ALTER TABLE public.plain ADD COLUMN added text DEFAULT 'd'",
                "INSERT INTO public.plain VALUES (2, 'arrives')");
        await("the added column in Kafka").atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
                CONNECT.topics().readAll("limited.public.plain")).anySatisfy(message ->
                        assertThat(message.after().path("added").asText()).isEqualTo("arrives")));
        assertThat(CONNECT.rest().taskState("limited")).isEqualTo("RUNNING");
        assertThat(LOGICAL.query("SELECT count(*) FROM pg_event_trigger WHERE evtname LIKE 'ferry_limited%'"))
                .as("no DDL capture installed").containsExactly(java.util.List.of("0"));
    }

    /**
     * {@code app.prod} and {@code app_prod} both default to slot {@code ferry_app_prod}. Once the
     * first runs, its heartbeat row records it as the slot's owner: the second is refused by the
     * precheck naming both prefixes, and with the precheck off its task fails instead of moving
     * the first one's slot on.
     */
    @Test
    void aSecondPrefixThatMapsToTheSameSlotIsRefusedNamingBoth() {
        LOGICAL.execute("CREATE TABLE public.owned (id int PRIMARY KEY)");
        CONNECT.rest().putConnectorConfig("app.prod", ConnectorConfigs.ferrySource(LOGICAL, "app.prod", "public.owned"));
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> "app.prod".equals(LOGICAL.queryValue(
                "SELECT topic_prefix FROM public.ferry_heartbeat WHERE slot_name = 'ferry_app_prod'")));

        Map<String, String> second = ConnectorConfigs.ferrySource(LOGICAL, "app_prod", "public.owned");
        JsonNode result = CONNECT.rest().validate(PLUGIN, second);
        assertThat(allValidationErrors(result)).containsOnlyKeys("slot.name");
        assertThat(validationErrors(result, "slot.name")).singleElement().asString()
                .contains("replication slot 'ferry_app_prod' belongs to the connector with topic.prefix 'app.prod'")
                .contains("topic.prefix 'app_prod' maps to the same slot name");

        second.put("precheck.mode", "off");
        CONNECT.rest().putConnectorConfig("app_prod", second);
        await().atMost(Duration.ofMinutes(2)).until(() -> "FAILED".equals(CONNECT.rest().taskState("app_prod")));
        assertThat(CONNECT.rest().taskTrace("app_prod")).contains("belongs to the connector with topic.prefix 'app.prod'");
        assertThat(CONNECT.rest().taskState("app.prod")).isEqualTo("RUNNING");
        CONNECT.rest().deleteConnector("app_prod");
        CONNECT.rest().deleteConnector("app.prod");
    }
}
