package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.mysql.MySqlDialect;
import dev.ferry.sink.dialect.postgres.PostgresDialect;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.structure.SchemaSyncLedger;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tasks of one connector taking the same table over at once (ChaosIT seed 2: a three-task
 * sink, each task with the schema record in its partition): the second waits for the first's
 * transaction and records nothing more, instead of failing on the ledger's primary key, and
 * learns that it lost: the table's rows are then the connector's own, not a conflict (seed 4).
 */
class SchemaSyncLedgerIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension MARIADB = new MariaDbExtension();

    @Test
    void twoTasksTakingOverOneTableOnPostgres() throws Exception {
        Dialect dialect = new PostgresDialect();
        takeOverTwice(dialect, () -> dialect.connect(POSTGRES.jdbcUrl(), PostgresExtension.USER,
                PostgresExtension.PASSWORD), sql -> POSTGRES.queryValue(sql));
    }

    @Test
    void twoTasksTakingOverOneTableOnMariaDb() throws Exception {
        Dialect dialect = new MySqlDialect();
        takeOverTwice(dialect, () -> dialect.connect(MARIADB.jdbcUrl(), MariaDbExtension.USER,
                MariaDbExtension.PASSWORD), sql -> MARIADB.query(sql).get(0).get(0));
    }

    private interface Connect {
        Connection open() throws Exception;
    }

    private static void takeOverTwice(Dialect dialect, Connect connect, Function<String, String> queryValue)
            throws Exception {
        TableId table = new TableId("public", "orders");
        try (Connection first = connect.open(); Connection second = connect.open()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // The ledger table exists before either task's transaction, as after any earlier schema record.
            new SchemaSyncLedger(dialect, "to-target").claim(first, new TableId("public", "earlier"));
            first.commit();

            assertThat(new SchemaSyncLedger(dialect, "to-target").claim(first, table)).as("the first claim wins").isTrue();
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
                try {
                    boolean won = new SchemaSyncLedger(dialect, "to-target").claim(second, table);
                    second.commit();
                    return won;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            assertThat(other).as("waits for the first task's transaction").isNotDone();
            first.commit();
            assertThat(other.get(30, TimeUnit.SECONDS)).as("the second claim, made meanwhile, loses").isFalse();
        }
        assertThat(queryValue.apply("SELECT count(*) FROM " + dialect.quote(SchemaSyncLedger.TABLE) + " WHERE "
                + dialect.quote("target_table") + " = 'public.orders'")).isEqualTo("1");
        try (Connection check = connect.open()) {
            assertThat(new SchemaSyncLedger(dialect, "to-target").contains(check, table)).isTrue();
        }
    }
}
