package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry verify} against real PostgreSQL and MariaDB targets holding what Ferry's sink would
 * have written: equal tables pass; an injected missing, extra and different row are each found
 * by key; {@code --repair} rewrites them and the second verification passes.
 */
class VerifyCommandIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @TempDir
    Path dir;

    private static final String PG_TABLE = """
            CREATE TABLE public.items (
              id bigint PRIMARY KEY,
              name text,
              price numeric(12,4),
              created timestamptz,
              day date,
              active boolean,
              doc jsonb,
              tags int[],
              raw bytea)""";
    private static final String ROWS = "INSERT INTO public.items SELECT i, 'item ' || i || ' \u00e9', i * 1.5, "
            + "timestamptz '2024-01-01 00:00:00+02' + i * interval '1 hour', date '2024-01-01' + i, i % 2 = 0, "
            + "jsonb_build_object('i', i, 'a', 'x'), ARRAY[i, i + 1], decode(md5(i::text), 'hex') "
            + "FROM generate_series(1, 25000) i";

    @Test
    void findsInjectedDifferencesByKeyAndRepairsThem() throws Exception {
        SOURCE.execute(PG_TABLE, ROWS, "CREATE TABLE public.pairs (a text, b int, v text, PRIMARY KEY (a, b))",
                "INSERT INTO public.pairs SELECT 'k' || (i % 7), i, 'v' || i FROM generate_series(1, 300) i");
        TARGET_PG.execute(PG_TABLE, ROWS, "CREATE TABLE public.pairs (a text, b int, v text, PRIMARY KEY (a, b))",
                "INSERT INTO public.pairs SELECT 'k' || (i % 7), i, 'v' || i FROM generate_series(1, 300) i");
        TARGET_MARIADB.execute("""
                CREATE TABLE items (id bigint PRIMARY KEY, name longtext, price decimal(12,4), created datetime(6),
                  day date, active boolean, doc json, tags longtext, raw longblob)""",
                "CREATE TABLE pairs (a varchar(100), b int, v longtext, PRIMARY KEY (a, b))");
        copyToMariaDb();

        Path source = CliRun.configFile(dir, "source", Configs.source(SOURCE, "shop", "public.items,public.pairs"));
        Path pgSink = CliRun.configFile(dir, "sink-pg", Configs.pgSink(TARGET_PG));
        Path mySqlSink = CliRun.configFile(dir, "sink-mysql", Configs.mySqlSink(TARGET_MARIADB));

        CliRun equal = CliRun.of("verify", "-c", source.toString(), "-c", pgSink.toString(), "--chunk-size", "5000");
        assertThat(equal.exitCode()).as(equal.toString()).isZero();
        assertThat(equal.out()).contains("public.items -> public.items: equal (25000 rows, 5 key range(s))")
                .contains("verification passed: 2 table(s) equal");
        CliRun equalMySql = CliRun.of("verify", "-c", source.toString(), "-c", mySqlSink.toString(), "--no-progress");
        assertThat(equalMySql.exitCode()).as(equalMySql.toString()).isZero();

        TARGET_PG.execute("DELETE FROM public.items WHERE id = 17", "UPDATE public.items SET price = 0 WHERE id = 12001",
                "INSERT INTO public.items (id, name) VALUES (90001, 'stray')", "UPDATE public.pairs SET v = 'x' WHERE a = 'k3' AND b = 10");
        TARGET_MARIADB.execute("DELETE FROM items WHERE id = 17",
                "UPDATE items SET doc = '{\"i\": 5, \"a\": \"changed\"}' WHERE id = 5",
                "UPDATE items SET created = '2020-01-01 00:00:00' WHERE id = 24000");

        CliRun differences = CliRun.of("verify", "-c", source.toString(), "-c", pgSink.toString(), "--no-progress",
                "--chunk-size", "5000");
        assertThat(differences.exitCode()).as(differences.toString()).isEqualTo(1);
        assertThat(differences.out())
                .containsPattern("public.items -> public.items: 3 difference\\(s\\): 25000 rows in source, 25000 in "
                        + "target, 3 of [56] key range\\(s\\) differ")
                .contains("missing in target: key 17")
                .contains("different values: key 12001")
                .contains("extra in target: key 90001")
                .contains("different values: key [k3, 10]")
                .contains("verification failed: 4 difference(s) in 2 of 2 table(s)");

        CliRun mySqlDifferences = CliRun.of("verify", "-c", source.toString(), "-c", mySqlSink.toString(), "--no-progress");
        assertThat(mySqlDifferences.exitCode()).isEqualTo(1);
        assertThat(mySqlDifferences.out()).contains("missing in target: key 17").contains("different values: key 5")
                .contains("different values: key 24000");

        CliRun repaired = CliRun.of("verify", "-c", source.toString(), "-c", pgSink.toString(), "--no-progress", "--repair");
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("repaired: 3 row(s) rewritten").contains("verification passed: 2 table(s) equal");
        CliRun repairedMySql = CliRun.of("verify", "-c", source.toString(), "-c", mySqlSink.toString(), "--no-progress",
                "--repair");
        assertThat(repairedMySql.exitCode()).as(repairedMySql.toString()).isZero();
        assertThat(CliRun.of("verify", "-c", source.toString(), "-c", mySqlSink.toString(), "--no-progress").exitCode())
                .isZero();
    }

    @Test
    void expectedErrorsAreOneLineWithoutStackTrace() {
        Path source = CliRun.configFile(dir, "source", Configs.source(SOURCE, "shop", "public.missing_table"));
        Path sink = CliRun.configFile(dir, "sink", Configs.pgSink(TARGET_PG));
        CliRun run = CliRun.of("verify", "-c", source.toString(), "-c", sink.toString(), "--no-progress");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("ferry verify: table public.missing_table does not exist")
                .doesNotContain("\tat ");
    }

    /**
     * A sink that renames the table and a column and keeps only EU orders: verify follows both
     * transforms, so a target holding exactly that passes, and a missing, an extra (non-EU) and a
     * different row are found and repaired under the target's names.
     */
    @Test
    void followsTheTransformsOfTheSinkConfig() throws Exception {
        SOURCE.execute("CREATE TABLE public.orders (id int PRIMARY KEY, region text, amount numeric(10,2), note text)",
                "INSERT INTO public.orders SELECT i, CASE WHEN i % 3 = 0 THEN 'EU' ELSE 'US' END, i, 'n' || i "
                        + "FROM generate_series(1, 3000) i");
        TARGET_PG.execute("CREATE SCHEMA sales",
                "CREATE TABLE sales.eu_orders (id int PRIMARY KEY, region text, amount numeric(10,2), remark text)",
                "INSERT INTO sales.eu_orders SELECT i, 'EU', i, 'n' || i FROM generate_series(3, 3000, 3) i");
        Path source = CliRun.configFile(dir, "orders-source", Configs.source(SOURCE, "shop", "public.orders"));
        Map<String, String> sink = Configs.pgSink(TARGET_PG);
        sink.put("transforms", "rename,eu,ops");
        sink.put("transforms.rename.type", "dev.ferry.transforms.RenameObjects");
        sink.put("transforms.rename.rules", "public.orders -> sales.eu_orders; public.orders.note -> remark");
        // Written against the renamed table and column, as the record looks at that point.
        sink.put("transforms.eu.type", "dev.ferry.transforms.FilterRows");
        sink.put("transforms.eu.rules", "sales.eu_orders: region = 'EU' AND remark IS NOT NULL");
        sink.put("transforms.ops.type", "dev.ferry.transforms.FilterOperations");
        sink.put("transforms.ops.rules", "sales.eu_orders: insert,update,delete");
        Path sinkFile = CliRun.configFile(dir, "orders-sink", sink);

        CliRun equal = CliRun.of("verify", "-c", source.toString(), "-c", sinkFile.toString(), "--no-progress");
        assertThat(equal.exitCode()).as(equal.toString()).isZero();
        assertThat(equal.out()).contains("public.orders -> sales.eu_orders: equal (1000 rows")
                .contains("note: sink transform 'ops' replicates only insert,update,delete for sales.eu_orders");

        TARGET_PG.execute("DELETE FROM sales.eu_orders WHERE id = 300", "UPDATE sales.eu_orders SET remark = 'x' "
                + "WHERE id = 600", "INSERT INTO sales.eu_orders VALUES (1, 'US', 1, 'n1')");
        CliRun differences = CliRun.of("verify", "-c", source.toString(), "-c", sinkFile.toString(), "--no-progress",
                "--repair");
        assertThat(differences.exitCode()).as(differences.toString()).isZero();
        assertThat(differences.out()).contains("public.orders -> sales.eu_orders: 3 difference(s)")
                .contains("missing in target: key 300").contains("different values: key 600")
                .contains("extra in target: key 1\n")
                .contains("repaired: 3 row(s)").contains("verification passed");
        assertThat(TARGET_PG.queryValue("SELECT remark FROM sales.eu_orders WHERE id = 600")).isEqualTo("n600");
    }

    @Test
    void refusesToRepairThroughATransformThatMayChangeValues() throws Exception {
        Path source = CliRun.configFile(dir, "source-mask", Configs.source(SOURCE, "shop", "public.items"));
        java.util.Map<String, String> sink = Configs.pgSink(TARGET_PG);
        sink.put("transforms", "mask");
        sink.put("transforms.mask.type", "org.apache.kafka.connect.transforms.MaskField$Value");
        sink.put("transforms.mask.fields", "name");
        Path sinkFile = CliRun.configFile(dir, "sink-mask", sink);
        CliRun run = CliRun.of("verify", "-c", source.toString(), "-c", sinkFile.toString(), "--no-progress", "--repair");
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("refusing --repair").contains("MaskField");
    }

    /**
     * Keys sorted by the databases' byte order, not Java's: emoji (above U+FFFF) after U+FF01, and
     * uuid keys (which take no COLLATE on PostgreSQL) verify equal on both targets. A MySQL key
     * column with a case-folding collation cannot hold both {@code 'a'} and {@code 'A'}: verify
     * reports the row and says why.
     */
    @Test
    void comparesKeysInTheDatabasesOrderAndExplainsCaseFoldingTargetKeys() throws Exception {
        String codes = "INSERT INTO codes VALUES ('\uFF01', 1), ('\uD83D\uDE00', 2), ('\uE000', 3), ('Z', 4), ('a', 5), "
                + "('\u00e9', 6), ('\uD83D\uDE00x', 7)";
        String tokens = "INSERT INTO tokens VALUES ('00000000-0000-0000-0000-000000000001', 'one'), "
                + "('ffffffff-0000-0000-0000-000000000000', 'last'), ('8a000000-0000-0000-0000-000000000000', 'mid')";
        SOURCE.execute("CREATE TABLE public.codes (code text PRIMARY KEY, n int)", codes.replace("codes", "public.codes"),
                "CREATE TABLE public.tokens (id uuid PRIMARY KEY, v text)", tokens.replace("tokens", "public.tokens"));
        TARGET_PG.execute("CREATE TABLE public.codes (code text PRIMARY KEY, n int)", codes.replace("codes", "public.codes"),
                "CREATE TABLE public.tokens (id uuid PRIMARY KEY, v text)", tokens.replace("tokens", "public.tokens"));
        TARGET_MARIADB.execute("CREATE TABLE codes (code varchar(20) PRIMARY KEY, n int)", codes,
                "CREATE TABLE tokens (id varchar(36) PRIMARY KEY, v longtext)", tokens);
        Path source = CliRun.configFile(dir, "codes-source", Configs.source(SOURCE, "shop", "public.codes,public.tokens"));
        for (Path sink : List.of(CliRun.configFile(dir, "codes-pg", Configs.pgSink(TARGET_PG)),
                CliRun.configFile(dir, "codes-mysql", Configs.mySqlSink(TARGET_MARIADB)))) {
            CliRun run = CliRun.of("verify", "-c", source.toString(), "-c", sink.toString(), "--no-progress");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("public.codes -> ").contains("equal (7 rows")
                    .contains("public.tokens -> ").contains("equal (3 rows")
                    .contains("note: not checked whether the sink has applied every record");
        }

        SOURCE.execute("CREATE TABLE public.folded (code text PRIMARY KEY, n int)",
                "INSERT INTO public.folded VALUES ('a', 1), ('B', 2)");
        TARGET_MARIADB.execute("CREATE TABLE folded (code varchar(20) COLLATE utf8mb4_general_ci PRIMARY KEY, n int)",
                "INSERT INTO folded VALUES ('a', 1), ('B', 2)");
        Path foldedSource = CliRun.configFile(dir, "folded-source", Configs.source(SOURCE, "shop", "public.folded"));
        Path mySqlSink = CliRun.configFile(dir, "folded-mysql", Configs.mySqlSink(TARGET_MARIADB));
        CliRun equal = CliRun.of("verify", "-c", foldedSource.toString(), "-c", mySqlSink.toString(), "--no-progress");
        assertThat(equal.exitCode()).as(equal.toString()).isZero();
        assertThat(equal.out()).contains("note: target key column folded.code has collation utf8mb4_general_ci");
        SOURCE.execute("INSERT INTO public.folded VALUES ('A', 3)");
        TARGET_MARIADB.execute("REPLACE INTO folded VALUES ('A', 3)");
        CliRun folded = CliRun.of("verify", "-c", foldedSource.toString(), "-c", mySqlSink.toString(), "--no-progress");
        assertThat(folded.exitCode()).as(folded.toString()).isEqualTo(1);
        assertThat(folded.out()).contains("missing in target: key a");
    }

    /** What Ferry's sink writes into MySQL: timestamps with zone as UTC, arrays as JSON, jsonb as JSON. */
    private static void copyToMariaDb() throws Exception {
        try (var src = SOURCE.connect(); var tgt = TARGET_MARIADB.connect();
                var read = src.createStatement().executeQuery("SELECT id, name, price, (created AT TIME ZONE 'UTC'), day, "
                        + "active, doc::text, array_to_json(tags)::text, raw FROM public.items");
                var write = tgt.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            while (read.next()) {
                for (int i = 1; i <= 9; i++) {
                    write.setObject(i, read.getObject(i));
                }
                write.addBatch();
            }
            write.executeBatch();
            try (var pairs = src.createStatement().executeQuery("SELECT a, b, v FROM public.pairs");
                    var insert = tgt.prepareStatement("INSERT INTO pairs VALUES (?, ?, ?)")) {
                while (pairs.next()) {
                    insert.setString(1, pairs.getString(1));
                    insert.setInt(2, pairs.getInt(2));
                    insert.setString(3, pairs.getString(3));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }
}
