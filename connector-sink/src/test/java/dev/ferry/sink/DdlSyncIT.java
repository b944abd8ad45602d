package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
    private static final String PG_INDEXES = """
            SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index x
              JOIN pg_class c ON c.oid = x.indrelid WHERE c.relnamespace = 'shop'::regnamespace ORDER BY 1""";
    /** Names and kinds: a CHECK that DDL sync adds is NOT VALID on the target (its rows came checked). */
    private static final String PG_CONSTRAINTS = """
            SELECT conrelid::regclass::text, conname::text, contype::text FROM pg_constraint
             WHERE connamespace = 'shop'::regnamespace ORDER BY 1, 2""";
    private static final String MARIADB_KEYS = """
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX)
              FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'items'
             GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE ORDER BY TABLE_NAME, INDEX_NAME""";
    private static final String MARIADB_COLUMNS = """
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, coalesce(COLUMN_DEFAULT, '')
              FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'items'
             ORDER BY ORDINAL_POSITION""";

    @Test
    void eachAlterTableReachesBothTargetsBetweenTheRowsAroundIt() throws Exception {
        SOURCE.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.items (id int PRIMARY KEY, name varchar(40), price numeric(10,2), note text)",
                "INSERT INTO shop.items SELECT i, 'item ' || i, i * 1.25, 'n' || i FROM generate_series(1, 50) i",
                "CREATE TABLE shop.gone (id int PRIMARY KEY)", "INSERT INTO shop.gone VALUES (1)",
                "CREATE TABLE shop.makers (id int PRIMARY KEY)", "INSERT INTO shop.makers VALUES (1), (7)",
                "CREATE TABLE shop.accounts (id int PRIMARY KEY, balance int NOT NULL, touched int NOT NULL)",
                "INSERT INTO shop.accounts SELECT i, 0, 0 FROM generate_series(1, 1000) i");
        startPipeline();
        awaitEqual(SOURCE, "the snapshot in PostgreSQL", "SELECT * FROM shop.items ORDER BY id", TARGET_PG,
                "SELECT * FROM shop.items ORDER BY id");

        // DDL once the connector streams: DDL run while its snapshot is still being delivered may reach
        // Kafka in the table's later shape (README, DDL synchronization).
        SOURCE.execute("INSERT INTO shop.makers VALUES (99)");
        awaitEqual(SOURCE, "a row streamed", "SELECT * FROM shop.makers ORDER BY id", TARGET_PG,
                "SELECT * FROM shop.makers ORDER BY id");

        // A pgbench-like load on another table of the same stream while the DDL runs.
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread load = new Thread(() -> {
            java.util.Random random = new java.util.Random(13);
            for (int n = 1; loading.get(); n++) {
                int a = random.nextInt(1000) + 1;
                int b = random.nextInt(1000) + 1;
                SOURCE.execute("BEGIN; UPDATE shop.accounts SET balance = balance - 5, touched = " + n + " WHERE id = "
                        + a + "; UPDATE shop.accounts SET balance = balance + 5, touched = " + n + " WHERE id = " + b
                        + "; COMMIT");
            }
        });
        load.start();
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
                "DROP TABLE shop.gone",
                // Keys, indexes and checks.
                "CREATE UNIQUE INDEX items_title_key ON shop.items (title)",
                "CREATE INDEX items_price ON shop.items (price)",
                "ALTER TABLE shop.items ADD CONSTRAINT items_state_title UNIQUE (state, title)",
                "ALTER TABLE shop.items ADD CONSTRAINT price_not_negative CHECK (price >= 0)",
                "INSERT INTO shop.items (id, title, price) VALUES (57, 'indexed', 1)",
                "DROP INDEX shop.items_price",
                // Foreign keys: one kept, one dropped.
                "ALTER TABLE shop.items ADD CONSTRAINT items_qty_maker FOREIGN KEY (qty) REFERENCES shop.makers (id)",
                "ALTER TABLE shop.items ADD CONSTRAINT items_qty_gone FOREIGN KEY (qty) REFERENCES shop.makers (id)",
                "UPDATE shop.items SET qty = 1 WHERE id = 57",
                "ALTER TABLE shop.items DROP CONSTRAINT items_qty_gone",
                // The last row: once it is on a target, everything before it in the table's topic is too.
                "INSERT INTO shop.items (id, title, price) VALUES (58, 'last', 2)");

        loading.set(false);
        load.join();
        String items = "SELECT id, title, price, state, qty FROM shop.items ORDER BY id";
        awaitEqual(SOURCE, "rows in PostgreSQL", items, TARGET_PG, items);
        String accounts = "SELECT * FROM shop.accounts ORDER BY id";
        awaitEqual(SOURCE, "the loaded table in PostgreSQL", accounts, TARGET_PG, accounts);
        awaitEqual(SOURCE, "the loaded table in MariaDB", accounts, TARGET_MARIADB,
                "SELECT * FROM accounts ORDER BY id");
        assertThat(SOURCE.query("SELECT max(touched) > 0 FROM shop.accounts")).as("the load ran")
                .containsExactly(List.of("t"));
        assertThat(TARGET_PG.query(PG_COLUMNS)).as("PostgreSQL's columns").isEqualTo(
                SOURCE.query(PG_COLUMNS).stream().filter(c -> !c.get(0).equals("gone")).toList());
        assertThat(TARGET_PG.query("SELECT to_regclass('shop.gone') IS NULL")).as("the dropped table")
                .containsExactly(List.of("t"));
        assertThat(TARGET_PG.query(PG_INDEXES)).as("PostgreSQL's indexes").isEqualTo(SOURCE.query(PG_INDEXES));
        assertThat(TARGET_PG.query(PG_CONSTRAINTS)).as("PostgreSQL's constraints").isEqualTo(
                SOURCE.query(PG_CONSTRAINTS).stream().filter(c -> !c.get(0).equals("shop.gone")).toList());
        assertThat(TARGET_PG.query("SELECT state, count(*) FROM shop.items GROUP BY 1 ORDER BY 1"))
                .as("the default in the 51 rows that were there, and in four inserted without a state")
                .containsExactly(List.of("held", "1"), List.of("new", "55"), List.of("shipped", "1"));

        awaitEqual(SOURCE, "rows in MariaDB", items, TARGET_MARIADB, "SELECT id, title, price, state, qty FROM items "
                + "ORDER BY id");
        assertThat(TARGET_MARIADB.query(MARIADB_COLUMNS)).as("MariaDB's columns").containsExactly(
                List.of("items", "id", "int(11)", "NO", ""),
                List.of("items", "title", "varchar(40)", "NO", ""),
                List.of("items", "price", "decimal(12,3)", "YES", "9.500"),
                List.of("items", "state", "varchar(10)", "NO", "'new'"),
                List.of("items", "qty", "int(11)", "YES", "7"));
        List<List<String>> keys = TARGET_MARIADB.query(MARIADB_KEYS);
        assertThat(keys.stream().filter(k -> !k.get(1).startsWith("items_qty_")).toList()).as("MariaDB's keys")
                .containsExactlyInAnyOrder(List.of("items", "PRIMARY", "0", "id"),
                        List.of("items", "items_state_title", "0", "state,title"),
                        List.of("items", "items_title_key", "0", "title"));
        // MariaDB's own index for the foreign keys, named after the first one it added.
        assertThat(keys.stream().filter(k -> k.get(1).startsWith("items_qty_")).map(k -> k.get(3)).toList())
                .as("MariaDB's foreign key index").containsExactly("qty");
        assertThat(TARGET_MARIADB.query("SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE "
                + "TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'items' AND CONSTRAINT_TYPE = 'FOREIGN KEY'"))
                .as("MariaDB's foreign keys").containsExactly(List.of("items_qty_maker"));
        await("MariaDB drops the dropped table").atMost(TIMEOUT).untilAsserted(() -> assertThat(TARGET_MARIADB.query(
                "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'gone'"))
                .containsExactly(List.of("0")));

        // Everything delivered again (as after a crash, only more): the rows written before a rename
        // or a drop name the old columns; they neither bring them back nor lose their values, and
        // the DDL records change nothing that is in place already.
        replayFromTheStart("ddl-pg", "ddl-mariadb");
        SOURCE.execute("INSERT INTO shop.items (id, title) VALUES (56, 'after the replay')");
        awaitEqual(SOURCE, "rows in PostgreSQL after the replay", items, TARGET_PG, items);
        awaitEqual(SOURCE, "rows in MariaDB after the replay", items, TARGET_MARIADB,
                "SELECT id, title, price, state, qty FROM items ORDER BY id");
        assertThat(TARGET_PG.query(PG_COLUMNS)).as("PostgreSQL's columns after the replay").isEqualTo(
                SOURCE.query(PG_COLUMNS).stream().filter(c -> !c.get(0).equals("gone")).toList());
        assertThat(TARGET_MARIADB.query(MARIADB_COLUMNS)).as("MariaDB's columns after the replay")
                .extracting(c -> c.get(1)).containsExactly("id", "title", "price", "state", "qty");
        await("the dropped table stays dropped").atMost(TIMEOUT).untilAsserted(() ->
                assertThat(TARGET_PG.query("SELECT to_regclass('shop.gone') IS NULL")).containsExactly(List.of("t")));
    }

    @Test
    void aTableCreatedInTheSelectionWhileStreamingArrivesWithAllItsRows() throws Exception {
        SOURCE.execute("CREATE SCHEMA fresh", "CREATE TABLE fresh.seed (id int PRIMARY KEY)",
                "INSERT INTO fresh.seed VALUES (1)", "CREATE SCHEMA elsewhere",
                "CREATE TABLE fresh.pairs (a int PRIMARY KEY, b int NOT NULL, v text)",
                "INSERT INTO fresh.pairs VALUES (1, 1, 'first')");
        startPipeline("fresh", "fresh\\..*");
        awaitEqual(SOURCE, "the seed table", "SELECT * FROM fresh.seed", TARGET_PG, "SELECT * FROM fresh.seed");

        SOURCE.execute(
                // Rows in the creating transaction are published too: the trigger adds the table at once.
                "BEGIN; CREATE TABLE fresh.\"New Orders\" (id int PRIMARY KEY, item text NOT NULL DEFAULT 'none', "
                        + "qty numeric(8,2)); INSERT INTO fresh.\"New Orders\" SELECT i, 'item ' || i, i / 3.0 "
                        + "FROM generate_series(1, 200) i; COMMIT",
                "UPDATE fresh.\"New Orders\" SET qty = 0 WHERE id % 7 = 0",
                "DELETE FROM fresh.\"New Orders\" WHERE id > 190",
                // Without a key: REPLICA IDENTITY FULL from the trigger, or the source could not update it
                // once published (its rows would reach the sinks without a key to apply them by).
                "CREATE TABLE fresh.keyless (a int, b text)",
                "CREATE TABLE elsewhere.ignored (id int PRIMARY KEY)", "INSERT INTO elsewhere.ignored VALUES (1)",
                // A primary key replaced while streaming: later events are keyed by the new one.
                "UPDATE fresh.pairs SET b = 3 WHERE a = 1",
                "ALTER TABLE fresh.pairs DROP CONSTRAINT pairs_pkey, ADD PRIMARY KEY (a, b)",
                "INSERT INTO fresh.pairs VALUES (1, 2, 'second of a=1')", "UPDATE fresh.pairs SET v = 'changed' "
                        + "WHERE a = 1 AND b = 3",
                // DDL run inside a function is reported, not replicated: the target gets the column only from
                // the rows that carry it (schema.evolution), without the default in the rows before.
                "CREATE FUNCTION fresh.widen() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
                        + "ALTER TABLE fresh.seed ADD COLUMN hidden int DEFAULT 5; END $$",
                "SELECT fresh.widen()",
                "INSERT INTO fresh.seed VALUES (2, 6)",
                // A replication tool's own DDL, and a drop with CASCADE: reported, not replicated.
                "SET session_replication_role = replica", "ALTER TABLE fresh.pairs ADD COLUMN by_replica int",
                "SET session_replication_role = origin",
                "CREATE TABLE fresh.doomed (id int PRIMARY KEY)", "INSERT INTO fresh.doomed VALUES (1)",
                "DROP TABLE fresh.doomed CASCADE");

        String orders = "SELECT id, item, qty FROM fresh.\"New Orders\" ORDER BY id";
        awaitEqual(SOURCE, "the new table in PostgreSQL", orders, TARGET_PG, orders);
        awaitEqual(SOURCE, "the new table in MariaDB", orders, TARGET_MARIADB,
                "SELECT id, item, qty FROM `New Orders` ORDER BY id");
        assertThat(SOURCE.query("SELECT relreplident::text FROM pg_class WHERE oid = 'fresh.keyless'::regclass"))
                .containsExactly(List.of("f"));
        assertThat(SOURCE.query("SELECT tablename::text FROM pg_publication_tables WHERE pubname = 'ferry_fresh' "
                + "AND schemaname <> 'public' ORDER BY 1")).containsExactly(List.of("New Orders"), List.of("keyless"),
                List.of("pairs"), List.of("seed"));
        await("the seed table after them").atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(
                TARGET_PG.query("SELECT id, coalesce(hidden::text, 'null') FROM fresh.seed ORDER BY id"))
                .containsExactly(List.of("1", "null"), List.of("2", "6")));
        assertThat(CONNECT.rest().taskState("fresh")).isEqualTo("RUNNING");
        ObjectName sourceMetrics = new ObjectName("dev.ferry:type=source-task,connector=\"fresh\"");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        await("DDL reported, not replicated").atMost(TIMEOUT).untilAsserted(() -> assertThat(
                (Long) jmx.getAttribute(sourceMetrics, "UnsupportedDdl")).isEqualTo(3L));
        assertThat((String) jmx.getAttribute(sourceMetrics, "LastUnsupportedDdl")).contains("CASCADE")
                .contains("DROP TABLE fresh.doomed CASCADE");
        await("the table dropped with CASCADE stays on the target").atMost(TIMEOUT).untilAsserted(() -> assertThat(
                TARGET_PG.query("SELECT id FROM fresh.doomed")).containsExactly(List.of("1")));
        assertThat(TARGET_PG.query("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'fresh' "
                + "AND column_name = 'by_replica'")).as("the replica session's column").containsExactly(List.of("0"));
        assertThat((Long) jmx.getAttribute(sourceMetrics, "DdlRecordsWritten")).isGreaterThanOrEqualTo(3L);
        assertThat(TARGET_PG.query("SELECT to_regclass('elsewhere.ignored') IS NULL")).containsExactly(List.of("t"));
        String pairs = "SELECT a, b, v FROM fresh.pairs ORDER BY a, b";
        awaitEqual(SOURCE, "pairs in PostgreSQL, keyed anew", pairs, TARGET_PG, pairs);
        awaitEqual(SOURCE, "pairs in MariaDB, keyed anew", pairs, TARGET_MARIADB, "SELECT a, b, v FROM pairs ORDER BY a, b");
        assertThat(TARGET_PG.query("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                + "'fresh.pairs'::regclass AND contype = 'p'")).containsExactly(List.of("PRIMARY KEY (a, b)"));
        assertThat(TARGET_MARIADB.query("SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM "
                + "information_schema.STATISTICS WHERE TABLE_SCHEMA = 'ferry' AND TABLE_NAME = 'pairs' AND "
                + "INDEX_NAME = 'PRIMARY'")).containsExactly(List.of("a,b"));

        // Delivered again from the start: the rows keyed by the replaced key are keyed by the new one.
        replayFromTheStart("fresh-pg", "fresh-mariadb");
        SOURCE.execute("INSERT INTO fresh.pairs VALUES (2, 1, 'after the replay')");
        awaitEqual(SOURCE, "pairs in PostgreSQL after the replay", pairs, TARGET_PG, pairs);
        awaitEqual(SOURCE, "pairs in MariaDB after the replay", pairs, TARGET_MARIADB,
                "SELECT a, b, v FROM pairs ORDER BY a, b");
        awaitEqual(SOURCE, "the new table after the replay", orders, TARGET_PG, orders);
        assertThat(CONNECT.rest().taskState("fresh-pg")).isEqualTo("RUNNING");
        assertThat(CONNECT.rest().taskState("fresh-mariadb")).isEqualTo("RUNNING");
    }

    /** Stops the sinks, forgets their offsets and starts them again: everything is delivered again. */
    private static void replayFromTheStart(String... sinks) {
        for (String sink : sinks) {
            CONNECT.rest().stopConnector(sink);
            await(sink + " stopped").atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
                    assertThat(CONNECT.rest().status(sink).path("connector").path("state").asText()).isEqualTo("STOPPED"));
            CONNECT.rest().resetOffsets(sink);
            CONNECT.rest().resumeConnector(sink);
            CONNECT.rest().awaitRunning(sink, 1, TIMEOUT);
        }
    }

    @Test
    void underDdlUnsupportedFailTheTaskFailsNamingTheStatement() throws Exception {
        SOURCE.execute("CREATE SCHEMA strict", "CREATE TABLE strict.t (id int PRIMARY KEY)",
                "INSERT INTO strict.t VALUES (1)");
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "strict", "strict\\..*");
        source.put("ddl.unsupported", "fail");
        CONNECT.rest().putConnectorConfig("strict", source);
        CONNECT.rest().awaitRunning("strict", 1, TIMEOUT);
        await("the snapshot in Kafka").atMost(TIMEOUT).until(() -> CONNECT.topics().listTopics()
                .contains("strict.strict.t"));

        SOURCE.execute("CREATE FUNCTION strict.widen() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
                + "ALTER TABLE strict.t ADD COLUMN hidden int; END $$", "SELECT strict.widen()");

        await("the task fails").atMost(TIMEOUT).until(() -> "FAILED".equals(CONNECT.rest().taskState("strict")));
        assertThat(CONNECT.rest().taskTrace("strict")).contains("DDL on strict.t is not replicated (it ran inside a "
                + "function): SELECT strict.widen()").contains("ddl.unsupported=fail");
    }

    @Test
    void aTableAddedToTheSelectionOfARunningConnectorGetsItsRowsWhileWritesGoOn() throws Exception {
        SOURCE.execute("CREATE SCHEMA grow", "CREATE TABLE grow.first (id int PRIMARY KEY)",
                "INSERT INTO grow.first VALUES (1)", "CREATE TABLE grow.later (id int PRIMARY KEY, v text)",
                "INSERT INTO grow.later SELECT i, 'v' || i FROM generate_series(1, 100000) i");
        startPipeline("grow", "grow\\.first", "grow\\.grow\\..*");
        awaitEqual(SOURCE, "the first table", "SELECT * FROM grow.first", TARGET_PG, "SELECT * FROM grow.first");

        Thread writer = new Thread(() -> {
            for (int n = 1; n <= 400; n++) {
                SOURCE.execute("UPDATE grow.later SET v = 'w" + n + "' WHERE id = " + (n * 97 % 100000 + 1),
                        "INSERT INTO grow.later VALUES (" + (100000 + n) + ", 'new')",
                        "DELETE FROM grow.later WHERE id = " + (n * 113 % 100000 + 1));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();
        CONNECT.rest().putConnectorConfig("grow", ConnectorConfigs.ferrySource(SOURCE, "grow",
                "grow\\.first,grow\\.later"));
        writer.join();
        SOURCE.execute("INSERT INTO grow.first VALUES (2)");

        String later = "SELECT id, v FROM grow.later ORDER BY id";
        awaitEqual(SOURCE, "the added table in PostgreSQL", later, TARGET_PG, later);
        awaitEqual(SOURCE, "the added table in MariaDB", later, TARGET_MARIADB, "SELECT id, v FROM later ORDER BY id");
        awaitEqual(SOURCE, "the first table after it", "SELECT * FROM grow.first", TARGET_PG, "SELECT * FROM grow.first");
    }

    @Test
    void aRenamedTableIsCopiedUnderItsNewNameWhileTheOldOneIsDroppedAfterItsLastRows() throws Exception {
        renameTable("ren", true);
    }

    @Test
    void withoutASignalingTableARenamedTableIsRenamedInPlace() throws Exception {
        renameTable("ren2", false);
    }

    /**
     * Renames a table with a backlog on its old name's topic; {@code copied}: through
     * snapshot.added.tables (the old target is dropped, the new one copied), else renamed in place,
     * where changes under the new name to rows of the old topic's backlog could be overwritten by it.
     */
    private static void renameTable(String name, boolean copied) throws Exception {
        // Table names of their own: MariaDB keeps every schema's tables in one database.
        String old = name + "_orders";
        // A plain new name can be copied; Debezium's incremental snapshot cannot take one with spaces.
        String table = copied ? name + "_orders_2026" : name + " Orders 2026";
        String renamed = name + ".\"" + table + "\"";
        SOURCE.execute("CREATE SCHEMA " + name, "CREATE TABLE " + name + "." + old + " (id int PRIMARY KEY, v text)",
                "INSERT INTO " + name + "." + old + " SELECT i, 'v' || i FROM generate_series(1, 100) i");
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, name, name + "\\..*");
        source.put("snapshot.added.tables", String.valueOf(copied));
        CONNECT.rest().putConnectorConfig(name, source);
        CONNECT.rest().awaitRunning(name, 1, TIMEOUT);
        startSinks(name, name + "\\." + name + "\\..*");
        awaitEqual(SOURCE, "the table before the rename", "SELECT * FROM " + name + "." + old + " ORDER BY id",
                TARGET_PG, "SELECT * FROM " + name + "." + old + " ORDER BY id");

        // Without the copy, only rows outside the old name's backlog may change under the new name.
        String changed = copied ? "id % 7 = 0" : "id < 100 AND id % 7 = 0";
        String deleted = copied ? "id % 11 = 0" : "id < 100 AND id % 11 = 0";
        SOURCE.execute(
                // A backlog on the old name's topic, which the sink may read after the new name's.
                "INSERT INTO " + name + "." + old + " SELECT i, 'late ' || i FROM generate_series(101, 3000) i",
                "ALTER TABLE " + name + "." + old + " ADD COLUMN qty int NOT NULL DEFAULT 3",
                "UPDATE " + name + "." + old + " SET v = 'before the rename' WHERE id % 100 = 0",
                "ALTER TABLE " + name + "." + old + " RENAME TO \"" + table + "\"",
                "INSERT INTO " + renamed + " VALUES (3001, 'after the rename', 4)",
                "UPDATE " + renamed + " SET v = 'updated after' WHERE " + changed,
                "DELETE FROM " + renamed + " WHERE " + deleted,
                "ALTER TABLE " + renamed + " RENAME COLUMN v TO note",
                "INSERT INTO " + renamed + " VALUES (3002, 'last', 5)");

        String rows = "SELECT id, note, qty FROM " + renamed + " ORDER BY id";
        awaitEqual(SOURCE, "the renamed table in PostgreSQL", rows, TARGET_PG, rows);
        awaitEqual(SOURCE, "the renamed table in MariaDB", rows, TARGET_MARIADB,
                "SELECT id, note, qty FROM `" + table + "` ORDER BY id");
        await("the old name gone from both targets").atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(TARGET_PG.query("SELECT to_regclass('" + name + "." + old + "') IS NULL")).containsExactly(List.of("t"));
            assertThat(TARGET_MARIADB.query("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                    + "'ferry' AND TABLE_NAME = '" + old + "'")).containsExactly(List.of("0"));
        });
        assertThat(CONNECT.rest().taskState(name + "-pg")).isEqualTo("RUNNING");
        assertThat(CONNECT.rest().taskState(name + "-mariadb")).isEqualTo("RUNNING");
    }

    /**
     * DDL while the initial snapshot is still being read: the snapshot's readers hold ACCESS SHARE
     * locks on the tables they have still to read, so a rename, a drop, an added column and a
     * rewrite of a table not yet read wait for it (without them the chunk after a rename failed,
     * and a rewritten table looked empty to the snapshot: its rows were lost). The DDL and the
     * rows around it then come through the stream.
     */
    @Test
    void ddlRunWhileTheSnapshotIsStillReadWaitsForItAndKeepsTheRowsAroundIt() throws Exception {
        SOURCE.execute("CREATE SCHEMA gap", "CREATE TABLE gap.gap_big (id int PRIMARY KEY, v text)",
                "INSERT INTO gap.gap_big SELECT i, 'v' || i FROM generate_series(1, 20000) i",
                "CREATE TABLE gap.gap_rows (id int PRIMARY KEY, name text NOT NULL, note text)",
                "INSERT INTO gap.gap_rows SELECT i, 'n' || i, 'x' FROM generate_series(1, 10) i");
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, "gap", "gap\\..*");
        // A slow snapshot whose readers wait on a small queue: the DDL below comes while gap.gap_big is read.
        source.put("snapshot.max.rows.per.second", "1000");
        source.put("max.batch.size", "500");
        CONNECT.rest().putConnectorConfig("gap", source);
        CONNECT.rest().awaitRunning("gap", 1, TIMEOUT);
        await("the snapshot's readers").atMost(TIMEOUT).until(() -> !SOURCE.query("SELECT 1 FROM pg_locks l "
                + "JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'gap_rows' AND l.mode = 'AccessShareLock' "
                + "AND l.granted AND l.pid <> pg_backend_pid()").isEmpty());
        SOURCE.execute("INSERT INTO gap.gap_rows VALUES (11, 'before', 'y')",
                "ALTER TABLE gap.gap_big ALTER COLUMN id TYPE bigint",
                "UPDATE gap.gap_big SET v = 'after the rewrite' WHERE id % 1000 = 0",
                "ALTER TABLE gap.gap_rows RENAME COLUMN name TO title",
                "INSERT INTO gap.gap_rows VALUES (12, 'after the rename', 'z')",
                "ALTER TABLE gap.gap_rows DROP COLUMN note",
                "ALTER TABLE gap.gap_rows ADD COLUMN qty int NOT NULL DEFAULT 5",
                "INSERT INTO gap.gap_rows VALUES (13, 'after the add', 6)",
                "UPDATE gap.gap_rows SET title = title || '!' WHERE id IN (2, 11)");
        startSinks("gap", "gap\\.gap\\..*");
        String rows = "SELECT id, title, qty FROM gap.gap_rows ORDER BY id";
        awaitEqual(SOURCE, "rows changed while the snapshot was read", rows, TARGET_PG, rows);
        awaitEqual(SOURCE, "rows changed while the snapshot was read", rows, TARGET_MARIADB,
                "SELECT id, title, qty FROM `gap_rows` ORDER BY id");
        String big = "SELECT count(*), sum(id), count(*) FILTER (WHERE v = 'after the rewrite') FROM gap.gap_big";
        awaitEqual(SOURCE, "the table rewritten while the snapshot was read", big, TARGET_PG, big);
        awaitEqual(SOURCE, "the table rewritten while the snapshot was read", big, TARGET_MARIADB,
                "SELECT count(*), sum(id), sum(v = 'after the rewrite') FROM `gap_big`");
        assertThat(CONNECT.rest().taskState("gap")).isEqualTo("RUNNING");
    }

    private static void startPipeline() {
        startPipeline("ddl", "shop\\..*");
    }

    private static void startPipeline(String name, String tables) {
        startPipeline(name, tables, name + "\\." + tables);
    }

    private static void startPipeline(String name, String tables, String topics) {
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, name, tables);
        CONNECT.rest().putConnectorConfig(name, source);
        CONNECT.rest().awaitRunning(name, 1, TIMEOUT);
        startSinks(name, topics);
    }

    private static void startSinks(String name, String topics) {
        Map<String, String> pg = SinkConfigs.ferrySink(name + "-pg", topics, TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        Map<String, String> mariaDb = SinkConfigs.ferrySink(name + "-mariadb", topics, TARGET_MARIADB.jdbcUrl(),
                MariaDbExtension.USER, MariaDbExtension.PASSWORD);
        for (Map<String, String> sink : List.of(pg, mariaDb)) {
            sink.put("consumer.override.metadata.max.age.ms", "1000");
            CONNECT.rest().putConnectorConfig(sink.get("name"), sink);
        }
        CONNECT.rest().awaitRunning(name + "-pg", 1, TIMEOUT);
        CONNECT.rest().awaitRunning(name + "-mariadb", 1, TIMEOUT);
    }
}
