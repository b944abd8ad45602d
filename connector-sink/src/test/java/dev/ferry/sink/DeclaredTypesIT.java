package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auto.create} (input without Ferry's schema records) from the types the source declares:
 * Ferry's source propagates them ({@code datatype.propagate.source.type}), so a PostgreSQL target
 * gets the same
 * {@code varchar(n)}, {@code char(n)}, {@code timestamp(p)}, {@code inet}, {@code money} columns
 * and MariaDB the documented translation instead of {@code text}/{@code LONGTEXT}; a source
 * column lengthened later is lengthened on both targets.
 */
class DeclaredTypesIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String COLUMNS_OF = "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            + "WHERE a.attrelid = 'public.typed'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    private static final String MARIADB_COLUMNS = "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
            + "WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'typed' ORDER BY ORDINAL_POSITION";

    @Test
    void targetsGetTheDeclaredLengthsAndPrecisionsAndFollowALongerVarchar() throws Exception {
        SOURCE.execute("""
                CREATE TABLE public.typed (id int PRIMARY KEY, code varchar(20) NOT NULL, flag char(3),
                  amount numeric(10,2), created timestamp(3), seen timestamptz(0), at time(3), addr inet, net cidr,
                  mac macaddr, price money, note text, name varchar)""",
                "INSERT INTO public.typed VALUES (1, 'first', 'abc', 12.5, '2026-01-02 03:04:05.678', "
                        + "'2026-01-02 03:04:05+02', '10:11:12.345', '192.168.0.1', '10.0.0.0/8', '08:00:2b:01:02:03', "
                        + "12.34, 'a note', 'a name'), (2, 'second', NULL, NULL, NULL, NULL, NULL, '::1', NULL, NULL, "
                        + "NULL, NULL, NULL)");
        startPipeline();
        String rows = "SELECT id, code, flag, amount, created, seen, at, host(addr), net::text, mac::text, "
                + "price::numeric, note, name FROM public.typed ORDER BY id";
        awaitEqual(SOURCE, "typed rows in PostgreSQL", rows, TARGET_PG, rows);
        awaitEqual(SOURCE, "typed rows in MariaDB", "SELECT id, code, flag, amount, created, seen, at, host(addr), "
                + "net::text, mac::text, price::numeric, note, name FROM public.typed ORDER BY id", TARGET_MARIADB,
                "SELECT id, code, flag, amount, created, seen, at, addr, net, mac, price, note, name FROM typed ORDER BY id");
        assertThat(TARGET_PG.query(COLUMNS_OF)).as("the PostgreSQL target's column types")
                .isEqualTo(SOURCE.query(COLUMNS_OF));
        assertThat(TARGET_MARIADB.query(MARIADB_COLUMNS)).as("the MariaDB target's column types").containsExactly(
                List.of("id", "int(11)"), List.of("code", "varchar(20)"), List.of("flag", "char(3)"),
                List.of("amount", "decimal(10,2)"), List.of("created", "datetime(3)"), List.of("seen", "datetime"),
                List.of("at", "time(3)"), List.of("addr", "varchar(64)"), List.of("net", "varchar(64)"),
                List.of("mac", "varchar(23)"), List.of("price", "decimal(65,2)"), List.of("note", "longtext"),
                List.of("name", "longtext"));

        SOURCE.execute("ALTER TABLE public.typed ALTER COLUMN code TYPE varchar(100)",
                "INSERT INTO public.typed (id, code) VALUES (3, repeat('x', 90))");
        awaitEqual(SOURCE, "a longer code in PostgreSQL", rows, TARGET_PG, rows);
        awaitEqual(SOURCE, "a longer code in MariaDB", "SELECT id, code FROM public.typed ORDER BY id", TARGET_MARIADB,
                "SELECT id, code FROM typed ORDER BY id");
        assertThat(TARGET_PG.query(COLUMNS_OF)).isEqualTo(SOURCE.query(COLUMNS_OF));
        assertThat(TARGET_MARIADB.query(MARIADB_COLUMNS)).contains(List.of("code", "varchar(100)"));
    }

    private static void startPipeline() {
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "typed", "public.typed");
        // The record schemas alone, as a stock Debezium source sends them: no schema records.
        source.put("schema.records.enabled", "false");
        CONNECT.rest().putConnectorConfig("typed", source);
        CONNECT.rest().awaitRunning("typed", 1, TIMEOUT);
        Map<String, String> pg = SinkConfigs.ferrySink("typed-pg", "typed\\.public\\..*", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        Map<String, String> mariaDb = SinkConfigs.ferrySink("typed-mariadb", "typed\\.public\\..*",
                TARGET_MARIADB.jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD);
        for (Map<String, String> sink : List.of(pg, mariaDb)) {
            // A pattern subscription sees new topics at its next metadata refresh: make that soon.
            sink.put("consumer.override.metadata.max.age.ms", "1000");
        }
        CONNECT.rest().putConnectorConfig("typed-pg", pg);
        CONNECT.rest().putConnectorConfig("typed-mariadb", mariaDb);
        CONNECT.rest().awaitRunning("typed-pg", 1, TIMEOUT);
        CONNECT.rest().awaitRunning("typed-mariadb", 1, TIMEOUT);
    }
}
