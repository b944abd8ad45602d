package dev.ferry.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real PostgreSQL 17 server (embedded binaries, no Docker) once per test class on a free
 * port, with {@code wal_level=logical} unless told otherwise, and removes it afterwards.
 *
 * <pre>{@code @RegisterExtension static final PostgresExtension PG = new PostgresExtension();}</pre>
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final Map<String, String> serverConfig = new LinkedHashMap<>();
    private EmbeddedPostgres server;
    private Path dataDirectory;
    private int port;
    /** pgjdbc's TLS properties once {@link #requireTls} ran, used by every client this class hands out. */
    private final Map<String, String> clientTls = new LinkedHashMap<>();

    public PostgresExtension() {
        serverConfig.put("wal_level", "logical");
        serverConfig.put("max_replication_slots", "20");
        serverConfig.put("max_wal_senders", "20");
        serverConfig.put("max_connections", "200");
        serverConfig.put("fsync", "off");
        serverConfig.put("synchronous_commit", "off");
        serverConfig.put("full_page_writes", "off");
    }

    /** Overrides one server setting (for example {@code wal_level=replica} to test the precheck). */
    public PostgresExtension withSetting(String name, String value) {
        serverConfig.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
    }

    public void start() throws IOException {
        if (dataDirectory == null) {
            dataDirectory = Files.createTempDirectory("ferry-pg");
            port = MariaDbExtension.freePort();
        }
        // A data directory and port of our own let the server stop and come back with its data.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port);
        serverConfig.forEach(builder::setServerConfig);
        server = builder.start();
        execute("ALTER USER " + USER + " PASSWORD '" + PASSWORD + "'");
    }

    /**
     * Makes TCP connections (JDBC, replication) authenticate with a password, as real servers do;
     * the embedded server trusts every connection otherwise, so a wrong password would pass.
     */
    public void requirePasswords() {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    local all all trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    host replication all 127.0.0.1/32 scram-sha-256
                    host replication all ::1/128 scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("SELECT pg_reload_conf()");
    }

    /**
     * Makes the server accept TCP connections (JDBC and replication) only over TLS with a client
     * certificate whose common name is the user ({@code clientcert=verify-full}) and the password;
     * plain connections are rejected. Every URL and connector config this extension hands out from
     * then on carries {@code sslmode=verify-full}, the CA and the client certificate.
     */
    public void requireTls(TestCertificates certificates) {
        execute("ALTER SYSTEM SET ssl_cert_file = '" + certificates.serverCertificate() + "'",
                "ALTER SYSTEM SET ssl_key_file = '" + certificates.serverKey() + "'",
                "ALTER SYSTEM SET ssl_ca_file = '" + certificates.caCertificate() + "'",
                "ALTER SYSTEM SET ssl = on");
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    local all all trust
                    hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-full
                    hostssl all all ::1/128 scram-sha-256 clientcert=verify-full
                    hostssl replication all 127.0.0.1/32 scram-sha-256 clientcert=verify-full
                    hostssl replication all ::1/128 scram-sha-256 clientcert=verify-full
                    hostnossl all all all reject
                    hostnossl replication all all reject
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("SELECT pg_reload_conf()");
        TestCertificates.Client client = certificates.client(USER);
        clientTls.put("sslmode", "verify-full");
        clientTls.put("sslrootcert", certificates.caCertificate().toString());
        clientTls.put("sslcert", client.certificate().toString());
        clientTls.put("sslkey", client.keyDer().toString());
    }

    /** Stops the server but keeps its data and port, to simulate an outage; {@link #start()} resumes it. */
    public void pause() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public void stop() throws IOException {
        pause();
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            dataDirectory = null;
        }
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** The URL of a database on this server, with the TLS parameters once {@link #requireTls} ran. */
    public String jdbcUrl(String database) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://" + host() + ":" + port() + "/" + database);
        char separator = '?';
        for (Map.Entry<String, String> parameter : clientTls.entrySet()) {
            url.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
            separator = '&';
        }
        return url.toString();
    }

    /** Connection properties for Ferry's and Debezium's source connectors. */
    public Map<String, String> sourceConnectionConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("database.hostname", host());
        config.put("database.port", Integer.toString(port()));
        config.put("database.user", USER);
        config.put("database.password", PASSWORD);
        config.put("database.dbname", DATABASE);
        clientTls.forEach((key, value) -> config.put("database." + key, value));
        return config;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Runs each statement in autocommit mode. */
    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + String.join("; ", statements) + ": " + e.getMessage(), e);
        }
    }

    /** Rows of a query, each column rendered with {@code getString}, for comparisons. */
    public List<List<String>> query(String sql) {
        try {
            return QueryRows.read(connect(), sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect for: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The single value of a one-row, one-column query, or null. */
    public String queryValue(String sql) {
        List<List<String>> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }
}
