package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry sequences}: a dry run changes nothing; a run moves PostgreSQL sequences and MySQL AUTO_INCREMENT. */
class SequencesCommandIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @TempDir
    Path dir;

    @Test
    void movesTargetSequencesToTheSourceValues() throws Exception {
        String ddl = "CREATE TABLE public.tickets (id bigserial PRIMARY KEY, what text)";
        SOURCE.execute(ddl, "CREATE SEQUENCE public.invoice_no START 1000",
                "INSERT INTO public.tickets (what) SELECT 'x' FROM generate_series(1, 500)",
                "SELECT nextval('public.invoice_no') FROM generate_series(1, 42)");
        TARGET_PG.execute(ddl, "CREATE SEQUENCE public.invoice_no START 1000");
        TARGET_MARIADB.execute("CREATE TABLE tickets (id bigint AUTO_INCREMENT PRIMARY KEY, what text)");
        Path source = CliRun.configFile(dir, "source", Configs.source(SOURCE, "shop", "public.tickets"));
        Path pgSink = CliRun.configFile(dir, "sink-pg", Configs.pgSink(TARGET_PG));
        Path mySqlSink = CliRun.configFile(dir, "sink-mysql", Configs.mySqlSink(TARGET_MARIADB));

        CliRun dryRun = CliRun.of("sequences", "-c", source.toString(), "-c", pgSink.toString(), "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("setval('\"public\".\"tickets_id_seq\"', greatest(500,")
                .contains("setval('\"public\".\"invoice_no\"', greatest(1041,").contains("dry run: 2 statement(s)");
        assertThat(TARGET_PG.queryValue("SELECT last_value FROM public.tickets_id_seq")).isEqualTo("1");

        CliRun run = CliRun.of("sequences", "-c", source.toString(), "-c", pgSink.toString(), "--margin", "10");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TARGET_PG.queryValue("SELECT last_value FROM public.tickets_id_seq")).isEqualTo("510");
        assertThat(TARGET_PG.queryValue("SELECT last_value FROM public.invoice_no")).isEqualTo("1051");
        assertThat(TARGET_PG.queryValue("SELECT nextval('public.tickets_id_seq')")).isEqualTo("511");

        CliRun mySql = CliRun.of("sequences", "-c", source.toString(), "-c", mySqlSink.toString());
        assertThat(mySql.exitCode()).as(mySql.toString()).isZero();
        assertThat(mySql.out()).contains("ALTER TABLE `tickets` AUTO_INCREMENT = 501");
        TARGET_MARIADB.execute("INSERT INTO tickets (what) VALUES ('after cutover')");
        try (var c = TARGET_MARIADB.connect(); var rs = c.createStatement().executeQuery("SELECT max(id) FROM tickets")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(501);
        }
    }
}
