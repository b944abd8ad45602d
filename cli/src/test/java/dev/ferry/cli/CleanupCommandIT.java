package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.PostgresExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry cleanup} drops Ferry's slot, publication and tables on a real source, and refuses an active slot. */
class CleanupCommandIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void dropsSlotPublicationAndFerryTables() throws Exception {
        SOURCE.execute("CREATE TABLE public.orders (id int PRIMARY KEY)",
                "CREATE TABLE public.ferry_heartbeat (slot_name text PRIMARY KEY, ts timestamptz)",
                "CREATE PUBLICATION ferry_shop FOR TABLE public.orders, public.ferry_heartbeat",
                "SELECT pg_create_logical_replication_slot('ferry_shop', 'pgoutput')");
        Path source = CliRun.configFile(dir, "source", Configs.source(SOURCE, "shop", "public.orders"));

        CliRun run = CliRun.of("cleanup", "-c", source.toString(), "--yes");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("pg_drop_replication_slot('ferry_shop')").contains("DROP PUBLICATION \"ferry_shop\"")
                .contains("DROP TABLE \"public\".\"ferry_heartbeat\"").contains("cleaned up: 3 object(s) dropped");
        assertThat(SOURCE.queryValue("SELECT count(*) FROM pg_replication_slots")).isEqualTo("0");
        assertThat(SOURCE.queryValue("SELECT count(*) FROM pg_publication")).isEqualTo("0");
        assertThat(SOURCE.queryValue("SELECT to_regclass('public.ferry_heartbeat') IS NULL")).isEqualTo("t");
        assertThat(SOURCE.queryValue("SELECT to_regclass('public.orders') IS NOT NULL")).isEqualTo("t");

        CliRun again = CliRun.of("cleanup", "-c", source.toString(), "--yes");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("nothing to clean up");
    }

    @Test
    void dropsOnlyTheNamedConnectorsObjectsWhenAnotherConnectorSharesTheDatabase() throws Exception {
        SOURCE.execute("CREATE TABLE public.items (id int PRIMARY KEY)",
                "CREATE TABLE public.ferry_heartbeat (slot_name text PRIMARY KEY, ts timestamptz)",
                "INSERT INTO public.ferry_heartbeat VALUES ('ferry_mine', now()), ('ferry_other', now())",
                "CREATE PUBLICATION ferry_mine FOR TABLE public.items", "CREATE PUBLICATION ferry_other FOR TABLE public.items",
                "SELECT pg_create_logical_replication_slot('ferry_mine', 'pgoutput')",
                "SELECT pg_create_logical_replication_slot('ferry_other', 'pgoutput')",
                "CREATE FUNCTION public.ferry_noop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$",
                "CREATE EVENT TRIGGER ferry_mine_ddl ON ddl_command_end EXECUTE FUNCTION public.ferry_noop()",
                "CREATE EVENT TRIGGER ferry_other_ddl ON ddl_command_end EXECUTE FUNCTION public.ferry_noop()");
        java.util.Map<String, String> config = Configs.source(SOURCE, "mine", "public.items");
        config.put("slot.name", " ");
        Path source = CliRun.configFile(dir, "mine", config);

        CliRun run = CliRun.of("cleanup", "-c", source.toString(), "--yes");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(SOURCE.query("SELECT slot_name::text FROM pg_replication_slots")).containsExactly(List.of("ferry_other"));
        assertThat(SOURCE.query("SELECT pubname::text FROM pg_publication")).containsExactly(List.of("ferry_other"));
        assertThat(SOURCE.query("SELECT evtname::text FROM pg_event_trigger")).containsExactly(List.of("ferry_other_ddl"));
        assertThat(SOURCE.query("SELECT slot_name FROM public.ferry_heartbeat")).containsExactly(List.of("ferry_other"));
        SOURCE.execute("DROP EVENT TRIGGER ferry_other_ddl", "DROP PUBLICATION ferry_other",
                "SELECT pg_drop_replication_slot('ferry_other')", "DROP TABLE public.ferry_heartbeat");
    }

    @Test
    void refusesASlotInUse() throws Exception {
        SOURCE.execute("SELECT pg_create_logical_replication_slot('ferry_busy', 'test_decoding')");
        try (var replication = java.sql.DriverManager.getConnection(SOURCE.jdbcUrl() + "?replication=database"
                + "&preferQueryMode=simple&assumeMinServerVersion=10", PostgresExtension.USER, PostgresExtension.PASSWORD)) {
            var stream = replication.unwrap(org.postgresql.PGConnection.class).getReplicationAPI().replicationStream()
                    .logical().withSlotName("ferry_busy").start();
            Path source = CliRun.configFile(dir, "busy", Configs.source(SOURCE, "busy", "public.orders"));
            CliRun run = CliRun.of("cleanup", "-c", source.toString(), "--yes");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("replication slot ferry_busy is in use: delete the source connector first");
            stream.close();
        }
        SOURCE.execute("SELECT pg_drop_replication_slot('ferry_busy')");
    }

    /**
     * {@code app.prod} and {@code app_prod} share the default slot name {@code ferry_app_prod}; the
     * heartbeat row says it belongs to {@code app.prod}, so cleanup with the other config refuses
     * and drops nothing, while the owner's config cleans up.
     */
    @Test
    void refusesTheSlotOfAnotherConnectorWhosePrefixMapsToTheSameName() throws Exception {
        SOURCE.execute("CREATE TABLE public.ferry_heartbeat (slot_name text PRIMARY KEY, ts timestamptz, topic_prefix text)",
                "INSERT INTO public.ferry_heartbeat VALUES ('ferry_app_prod', now(), 'app.prod')",
                "SELECT pg_create_logical_replication_slot('ferry_app_prod', 'pgoutput')");
        Path other = CliRun.configFile(dir, "app_prod", Configs.source(SOURCE, "app_prod", "public.orders"));
        CliRun refused = CliRun.of("cleanup", "-c", other.toString(), "--yes");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("replication slot ferry_app_prod belongs to the connector with topic.prefix "
                + "'app.prod'").contains("not to this config's 'app_prod'");
        assertThat(SOURCE.queryValue("SELECT count(*) FROM pg_replication_slots")).isEqualTo("1");

        Path owner = CliRun.configFile(dir, "app.prod", Configs.source(SOURCE, "app.prod", "public.orders"));
        CliRun run = CliRun.of("cleanup", "-c", owner.toString(), "--yes");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("note: could not ask Connect at http://localhost:8083");
        assertThat(SOURCE.queryValue("SELECT count(*) FROM pg_replication_slots")).isEqualTo("0");
    }
}
