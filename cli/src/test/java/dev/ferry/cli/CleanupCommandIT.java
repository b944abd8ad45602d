package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.PostgresExtension;
import java.nio.file.Path;
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
}
