package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TableDigest;
import dev.ferry.testsupport.TestCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS end to end: a PostgreSQL source that takes only TLS connections with a client certificate
 * ({@code clientcert=verify-full}, for JDBC and replication alike) and a MariaDB target with
 * {@code require_secure_transport=ON} and a user that must present a certificate
 * ({@code REQUIRE X509}). Ferry's source (Debezium's connections and Ferry's own: precheck,
 * replica identity, heartbeat), its sink into both targets and every {@code ferry} command that
 * connects (status, verify, sequences, cleanup) work with the TLS settings a user gives
 * Debezium, pgjdbc and MariaDB Connector/J, and nothing connects without them.
 */
class TlsEndToEndIT {

    private static final TestCertificates CERTIFICATES = TestCertificates.create();
    private static final String SINK_USER = "ferry_tls";
    private static final String SINK_PASSWORD = "tls-secret";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension().withTls(CERTIFICATES);

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    @TempDir
    Path dir;

    @BeforeAll
    static void requireTls() {
        // The PostgreSQL target is a second database on the source's server, behind the same TLS rules.
        SOURCE.execute("CREATE DATABASE target");
        SOURCE.requireTls(CERTIFICATES);
        TARGET_MARIADB.execute("CREATE USER '" + SINK_USER + "'@'localhost' IDENTIFIED BY '" + SINK_PASSWORD
                + "' REQUIRE X509", "GRANT ALL ON " + MariaDbExtension.DATABASE + ".* TO '" + SINK_USER + "'@'localhost'");
    }

    @Test
    void replicatesAndRunsEveryCommandOverTlsOnly() throws Exception {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + SOURCE.port()
                + "/postgres?sslmode=disable", PostgresExtension.USER, PostgresExtension.PASSWORD).close())
                .as("the source refuses connections without TLS").isInstanceOf(SQLException.class)
                .hasMessageContaining("no encryption");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + SOURCE.port()
                + "/postgres?sslmode=require", PostgresExtension.USER, PostgresExtension.PASSWORD).close())
                .as("the source refuses TLS without a client certificate").isInstanceOf(SQLException.class);
        String mariaDbWithoutCertificate = TARGET_MARIADB.jdbcUrl().replaceAll("&keyStore.*$", "");
        assertThatThrownBy(() -> DriverManager.getConnection(mariaDbWithoutCertificate, SINK_USER, SINK_PASSWORD).close())
                .as("the sink's MariaDB user must present a certificate").isInstanceOf(SQLException.class);
        DriverManager.getConnection(TARGET_MARIADB.jdbcUrl(), SINK_USER, SINK_PASSWORD).close();

        String table = "CREATE TABLE public.orders (id bigserial PRIMARY KEY, customer text NOT NULL, amount numeric(12,2))";
        SOURCE.execute(table, "INSERT INTO public.orders (customer, amount) SELECT 'c' || i, i * 1.25 FROM generate_series(1, 400) i");
        try (Connection target = DriverManager.getConnection(SOURCE.jdbcUrl("target"), PostgresExtension.USER,
                PostgresExtension.PASSWORD)) {
            target.createStatement().execute(table);
        }

        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "tls", "public.orders");
        assertThat(source).containsEntry("database.sslmode", "verify-full").containsKey("database.sslkey");
        CONNECT.rest().putConnectorConfig("tls", source);
        CONNECT.rest().awaitRunning("tls", 1, TIMEOUT);
        CONNECT.rest().putConnectorConfig("tls-pg", sink(Configs.pgSink(SOURCE), SOURCE.jdbcUrl("target")));
        Map<String, String> mySqlSink = sink(Configs.mySqlSink(TARGET_MARIADB),
                TARGET_MARIADB.jdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:"));
        mySqlSink.put("connection.user", SINK_USER);
        mySqlSink.put("connection.password", SINK_PASSWORD);
        CONNECT.rest().putConnectorConfig("tls-mysql", mySqlSink);
        CONNECT.rest().awaitRunning("tls-pg", 1, TIMEOUT);
        CONNECT.rest().awaitRunning("tls-mysql", 1, TIMEOUT);

        SOURCE.execute("UPDATE public.orders SET amount = amount + 1 WHERE id % 3 = 0",
                "DELETE FROM public.orders WHERE id % 7 = 0",
                "INSERT INTO public.orders (customer, amount) SELECT 'late ' || i, i FROM generate_series(1, 50) i");
        String digest = "SELECT id, customer, amount FROM orders ORDER BY id";
        List<String> expected;
        try (Connection c = SOURCE.connect()) {
            expected = TableDigest.rows(c, digest);
        }
        assertThat(expected).hasSize(400 - 57 + 50);
        await("both targets equal the source").atMost(TIMEOUT).untilAsserted(() -> {
            try (Connection pg = DriverManager.getConnection(SOURCE.jdbcUrl("target"), PostgresExtension.USER,
                    PostgresExtension.PASSWORD);
                    Connection mySql = DriverManager.getConnection(TARGET_MARIADB.jdbcUrl(), SINK_USER, SINK_PASSWORD)) {
                assertThat(TableDigest.rows(pg, digest)).containsExactlyElementsOf(expected);
                assertThat(TableDigest.rows(mySql, digest)).containsExactlyElementsOf(expected);
            }
        });
        assertThat(SOURCE.queryValue("SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
                + "WHERE a.backend_type = 'walsender' AND s.ssl AND s.client_dn = '/CN=postgres'"))
                .as("the replication connection uses TLS with the client certificate").isEqualTo("1");

        Path sourceFile = CliRun.configFile(dir, "source", source);
        Path pgSinkFile = CliRun.configFile(dir, "sink-pg", sink(Configs.pgSink(SOURCE), SOURCE.jdbcUrl("target")));
        Path mySqlSinkFile = CliRun.configFile(dir, "sink-mysql", mySqlSink);
        CliRun status = CliRun.of("status", "--connect-url", CONNECT.rest().baseUrl(), "--bootstrap-server",
                CONNECT.bootstrapServers());
        assertThat(status.out()).as(status.toString()).containsPattern("slot ferry_tls: active, retains");
        for (Path sinkFile : List.of(pgSinkFile, mySqlSinkFile)) {
            CliRun verify = CliRun.of("verify", "-c", sourceFile.toString(), "-c", sinkFile.toString(), "--no-progress");
            assertThat(verify.exitCode()).as(verify.toString()).isZero();
            assertThat(verify.out()).contains("public.orders -> ").contains("equal (393 rows");
            CliRun sequences = CliRun.of("sequences", "-c", sourceFile.toString(), "-c", sinkFile.toString(), "--dry-run");
            assertThat(sequences.exitCode()).as(sequences.toString()).isZero();
            assertThat(sequences.out()).contains("dry run: 1 statement(s)");
        }

        CONNECT.rest().stopConnector("tls");
        await("the slot is released").atMost(TIMEOUT).until(() -> "f".equals(
                SOURCE.queryValue("SELECT active FROM pg_replication_slots WHERE slot_name = 'ferry_tls'")));
        CliRun whileStopped = CliRun.of("cleanup", "-c", sourceFile.toString(), "--yes", "--connect-url",
                CONNECT.rest().baseUrl());
        assertThat(whileStopped.exitCode()).as(whileStopped.toString()).isEqualTo(1);
        assertThat(whileStopped.err()).contains("connector 'tls' in Connect at").contains("(STOPPED) still uses "
                + "replication slot ferry_tls: delete it first");
        CONNECT.rest().deleteConnector("tls");
        await("the slot is released").atMost(TIMEOUT).until(() -> "f".equals(
                SOURCE.queryValue("SELECT active FROM pg_replication_slots WHERE slot_name = 'ferry_tls'")));
        CliRun cleanup = CliRun.of("cleanup", "-c", sourceFile.toString(), "--yes", "--connect-url",
                CONNECT.rest().baseUrl());
        assertThat(cleanup.exitCode()).as(cleanup.toString()).isZero();
        assertThat(SOURCE.queryValue("SELECT count(*) FROM pg_replication_slots")).isEqualTo("0");
    }

    private static Map<String, String> sink(Map<String, String> config, String url) {
        config.put("connection.url", url);
        config.put("topics", "tls.public.orders");
        config.put("key.converter", ConnectorConfigs.JSON_CONVERTER);
        config.put("value.converter", ConnectorConfigs.JSON_CONVERTER);
        config.put("value.converter.decimal.format", "NUMERIC");
        return config;
    }
}
