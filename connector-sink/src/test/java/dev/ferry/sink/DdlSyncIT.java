package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * DDL sync end to end: DDL commands on the source, with rows written before and after each in
 * the same stream, reach both targets in their place: the targets end with the source's columns
 * (an added column's default in the rows that were already there included) and its rows.
 */
class DdlSyncIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static final String PG_COLUMNS = """
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                   coalesce(pg_get_expr(d.adbin, d.adrelid), '')
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE c.relnamespace = 'shop'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY 1, a.attnum""";
    private static final String MARIADB_COLUMNS = """
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, coalesce(COLUMN_DEFAULT, '')
              FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'items'
             ORDER BY ORDINAL_POSITION""";

    @Test
    void eachAlterTableReachesBothTargetsBetweenTheRowsAroundIt() throws Exception {
        SOURCE.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.items (id int PRIMARY KEY, name varchar(40), price numeric(10,2), note text)",
                "INSERT INTO shop.items SELECT i, 'item ' || i, i * 1.25, 'n' || i FROM generate_series(1, 50) i",
                "CREATE TABLE shop.gone (id int PRIMARY KEY)", "INSERT INTO shop.gone VALUES (1)");
        startPipeline();
        awaitEqual(SOURCE, "the snapshot in PostgreSQL", "SELECT * FROM shop.items ORDER BY id", TARGET_PG,
                "SELECT * FROM shop.items ORDER BY id");

        SOURCE.execute(
                "INSERT INTO shop.items VALUES (51, 'before the default', 1, 'x')",
                // Rows already there get the default, on the source by the ALTER itself.
                "ALTER TABLE shop.items ADD COLUMN status varchar(10) NOT NULL DEFAULT 'new'",
                "INSERT INTO shop.items VALUES (52, 'after the default', 2, 'y', 'shipped')",
                "ALTER TABLE shop.items RENAME COLUMN name TO title",
                "UPDATE shop.items SET title = 'renamed ' || id WHERE id % 10 = 0",
                "ALTER TABLE shop.items ALTER COLUMN price TYPE numeric(12,3)",
                "UPDATE shop.items SET price = price + 0.001 WHERE id <= 5",
                "ALTER TABLE shop.items DROP COLUMN note",
                "INSERT INTO shop.items (id, title, price) VALUES (53, 'no note', 3.333)",
                "ALTER TABLE shop.items ALTER COLUMN title SET NOT NULL",
                "ALTER TABLE shop.items ALTER COLUMN price SET DEFAULT 9.5",
                "INSERT INTO shop.items (id, title) VALUES (54, 'default price')",
                // A rename and an add in one transaction with rows between them.
                "BEGIN; ALTER TABLE shop.items RENAME COLUMN status TO state; "
                        + "INSERT INTO shop.items (id, title, state) VALUES (55, 'in a transaction', 'held'); "
                        + "ALTER TABLE shop.items ADD COLUMN qty int DEFAULT 7; "
                        + "UPDATE shop.items SET qty = 1 WHERE id = 55; COMMIT",
                "DROP TABLE shop.gone");

        String items = "SELECT id, title, price, state, qty FROM shop.items ORDER BY id";
        awaitEqual(SOURCE, "rows in PostgreSQL", items, TARGET_PG, items);
        assertThat(TARGET_PG.query(PG_COLUMNS)).as("PostgreSQL's columns").isEqualTo(
                SOURCE.query(PG_COLUMNS).stream().filter(c -> !c.get(0).equals("gone")).toList());
        assertThat(TARGET_PG.query("SELECT to_regclass('shop.gone') IS NULL")).as("the dropped table")
                .containsExactly(List.of("t"));
        assertThat(TARGET_PG.query("SELECT state, count(*) FROM shop.items GROUP BY 1 ORDER BY 1"))
                .as("the default in the 51 rows that were there, and in two inserted without a state")
                .containsExactly(List.of("held", "1"), List.of("new", "53"), List.of("shipped", "1"));

        awaitEqual(SOURCE, "rows in MariaDB", items, TARGET_MARIADB, "SELECT id, title, price, state, qty FROM items "
                + "ORDER BY id");
        assertThat(TARGET_MARIADB.query(MARIADB_COLUMNS)).as("MariaDB's columns").containsExactly(
                List.of("items", "id", "int(11)", "NO", ""),
                List.of("items", "title", "varchar(40)", "NO", ""),
                List.of("items", "price", "decimal(12,3)", "YES", "9.500"),
                List.of("items", "state", "varchar(10)", "NO", "'new'"),
                List.of("items", "qty", "int(11)", "YES", "7"));
        await("MariaDB drops the dropped table").atMost(TIMEOUT).untilAsserted(() -> assertThat(TARGET_MARIADB.query(
                "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'gone'"))
                .containsExactly(List.of("0")));
    }

    private static void startPipeline() {
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "ddl", "shop\\..*");
        CONNECT.rest().putConnectorConfig("ddl", source);
        CONNECT.rest().awaitRunning("ddl", 1, TIMEOUT);
        Map<String, String> pg = SinkConfigs.ferrySink("ddl-pg", "ddl\\.shop\\..*", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        Map<String, String> mariaDb = SinkConfigs.ferrySink("ddl-mariadb", "ddl\\.shop\\..*", TARGET_MARIADB.jdbcUrl(),
                MariaDbExtension.USER, MariaDbExtension.PASSWORD);
        for (Map<String, String> sink : List.of(pg, mariaDb)) {
            sink.put("consumer.override.metadata.max.age.ms", "1000");
            CONNECT.rest().putConnectorConfig(sink.get("name"), sink);
        }
        CONNECT.rest().awaitRunning("ddl-pg", 1, TIMEOUT);
        CONNECT.rest().awaitRunning("ddl-mariadb", 1, TIMEOUT);
    }
}
