package dev.ferry.sink.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sink.dialect.analyticdb.AnalyticDbDialect;
import dev.ferry.sink.dialect.mysql.MySqlDialect;
import dev.ferry.sink.dialect.postgres.PostgresDialect;
import dev.ferry.sink.event.TableId;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Every statement form of every dialect, as golden strings. */
class DialectSqlTest {

    private static final TableId T = new TableId("sales", "orders");
    private static final List<String> COLS = List.of("id", "amount", "note");
    private static final List<String> KEY = List.of("id");

    private final Dialect pg = new PostgresDialect();
    private final Dialect my = new MySqlDialect();
    private final Dialect adb = new AnalyticDbDialect();

    @Test
    void postgres() {
        assertThat(pg.upsert(T, COLS, KEY).sql()).isEqualTo("INSERT INTO \"sales\".\"orders\" (\"id\", \"amount\", "
                + "\"note\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET \"amount\" = EXCLUDED.\"amount\", "
                + "\"note\" = EXCLUDED.\"note\"");
        assertThat(pg.upsert(T, List.of("id"), KEY).sql())
                .isEqualTo("INSERT INTO \"sales\".\"orders\" (\"id\") VALUES (?) ON CONFLICT (\"id\") DO NOTHING");
        assertThat(pg.partialUpsert(T, List.of("id", "note"), KEY).sql()).isEqualTo("INSERT INTO \"sales\".\"orders\" "
                + "(\"id\", \"note\") VALUES (?, ?) ON CONFLICT (\"id\") DO UPDATE SET \"note\" = EXCLUDED.\"note\"");
        assertThat(pg.insertIfAbsent(T, COLS, KEY).sql()).isEqualTo("INSERT INTO \"sales\".\"orders\" (\"id\", "
                + "\"amount\", \"note\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO NOTHING");
        assertThat(pg.insert(T, COLS).sql())
                .isEqualTo("INSERT INTO \"sales\".\"orders\" (\"id\", \"amount\", \"note\") VALUES (?, ?, ?)");
        assertThat(pg.delete(T, KEY, 3)).isEqualTo("DELETE FROM \"sales\".\"orders\" WHERE \"id\" IN (?, ?, ?)");
        assertThat(pg.delete(T, List.of("a", "b"), 2))
                .isEqualTo("DELETE FROM \"sales\".\"orders\" WHERE (\"a\", \"b\") IN ((?, ?), (?, ?))");
        assertThat(pg.truncate(List.of(T, new TableId("sales", "order.lines"))))
                .containsExactly("TRUNCATE TABLE \"sales\".\"orders\", \"sales\".\"order.lines\"");
        assertThat(pg.widenColumn(T, "qty", "int4", Schema.INT64_SCHEMA))
                .contains("ALTER TABLE \"sales\".\"orders\" ALTER COLUMN \"qty\" TYPE bigint");
        assertThat(pg.widenColumn(T, "price", "float4", Schema.FLOAT64_SCHEMA)).isPresent();
        assertThat(pg.widenColumn(T, "qty", "int4", Schema.FLOAT64_SCHEMA)).as("no change of family").isEmpty();
        assertThat(pg.widenColumn(T, "qty", "numeric", Schema.INT64_SCHEMA)).isEmpty();
        assertThat(pg.createTable(T, specs(), KEY)).containsExactly("CREATE SCHEMA IF NOT EXISTS \"sales\"",
                "CREATE TABLE IF NOT EXISTS \"sales\".\"orders\" (\"id\" bigint NOT NULL, \"amount\" numeric(20,6), "
                        + "\"note\" text, PRIMARY KEY (\"id\"))");
        assertThat(pg.addColumn(T, new Dialect.ColumnSpec("tags", SchemaBuilder.array(Schema.INT32_SCHEMA).build(), false)))
                .isEqualTo("ALTER TABLE \"sales\".\"orders\" ADD COLUMN IF NOT EXISTS \"tags\" integer[]");
        assertThat(pg.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(pg.sessionSetup(true, 0)).containsExactly("SET session_replication_role = replica");
        assertThat(pg.sessionSetup(false, 240_000)).containsExactly("SET lock_timeout = 240000",
                "SET statement_timeout = 240000");
    }

    @Test
    void mysql() {
        assertThat(my.upsert(T, COLS, KEY).sql()).isEqualTo("INSERT INTO `sales`.`orders` (`id`, `amount`, `note`) "
                + "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = IF(`id` <=> VALUES(`id`), `id`, NULL), "
                + "`amount` = VALUES(`amount`), `note` = VALUES(`note`)");
        assertThat(my.partialUpsert(T, List.of("id", "note"), KEY).sql()).isEqualTo("INSERT INTO `sales`.`orders` "
                + "(`id`, `note`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `id` = IF(`id` <=> VALUES(`id`), `id`, NULL), "
                + "`note` = VALUES(`note`)");
        assertThat(my.insertIfAbsent(T, COLS, KEY).sql()).isEqualTo("INSERT INTO `sales`.`orders` (`id`, `amount`, "
                + "`note`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = IF(`id` <=> VALUES(`id`), `id`, NULL)");
        assertThat(my.upsert(T, List.of("a", "b", "v"), List.of("a", "b")).sql()).endsWith("ON DUPLICATE KEY UPDATE "
                + "`a` = IF(`a` <=> VALUES(`a`) AND `b` <=> VALUES(`b`), `a`, NULL), `v` = VALUES(`v`)");
        assertThat(my.delete(T, KEY, 2)).isEqualTo("DELETE FROM `sales`.`orders` WHERE `id` IN (?, ?)");
        assertThat(my.truncate(List.of(T))).containsExactly("DELETE FROM `sales`.`orders`");
        assertThat(my.widenColumn(T, "qty", "int", Schema.INT64_SCHEMA))
                .contains("ALTER TABLE `sales`.`orders` MODIFY COLUMN `qty` BIGINT");
        assertThat(my.widenColumn(T, "qty", "bigint", Schema.INT32_SCHEMA)).isEmpty();
        assertThat(my.createTable(new TableId(null, "orders"), specs(), KEY)).containsExactly(
                "CREATE TABLE IF NOT EXISTS `orders` (`id` BIGINT NOT NULL, `amount` DECIMAL(20,6) NULL, "
                        + "`note` LONGTEXT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
                        + "COLLATE=utf8mb4_bin");
        assertThat(my.quote("we`ird")).isEqualTo("`we``ird`");
        assertThat(my.columnType(Schema.STRING_SCHEMA, true)).isEqualTo("VARCHAR(255)");
        assertThat(my.sameColumn("Name", "name")).isTrue();
    }

    @Test
    void analyticDb() {
        assertThat(adb.upsertByDeleteAndInsert()).isTrue();
        assertThat(adb.upsert(T, COLS, KEY).sql())
                .isEqualTo("INSERT INTO \"sales\".\"orders\" (\"id\", \"amount\", \"note\") VALUES (?, ?, ?)");
        assertThat(adb.partialUpsert(T, List.of("id", "note"), KEY))
                .isEqualTo(new Dialect.BoundSql("UPDATE \"sales\".\"orders\" SET \"note\" = ? WHERE \"id\" = ?",
                        List.of("note", "id")));
        assertThat(adb.insertIfAbsent(T, COLS, KEY)).isEqualTo(new Dialect.BoundSql("INSERT INTO \"sales\".\"orders\" "
                + "(\"id\", \"amount\", \"note\") SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM \"sales\".\"orders\" "
                + "WHERE \"id\" = ?)", List.of("id", "amount", "note", "id")));
        assertThat(adb.delete(T, KEY, 1)).isEqualTo("DELETE FROM \"sales\".\"orders\" WHERE \"id\" IN (?)");
        assertThat(adb.truncate(List.of(T))).containsExactly("TRUNCATE TABLE \"sales\".\"orders\"");
        assertThat(adb.createTable(T, specs(), KEY)).last().isEqualTo("CREATE TABLE IF NOT EXISTS \"sales\".\"orders\" "
                + "(\"id\" bigint NOT NULL, \"amount\" numeric(20,6), \"note\" text, PRIMARY KEY (\"id\")) "
                + "WITH (appendonly = false) DISTRIBUTED BY (\"id\")");
        assertThat(adb.sessionSetup(true, 0)).isEmpty();
    }

    private static List<Dialect.ColumnSpec> specs() {
        Schema amount = Decimal.builder(6).parameter("connect.decimal.precision", "20").optional().build();
        return List.of(new Dialect.ColumnSpec("id", Schema.INT64_SCHEMA, true),
                new Dialect.ColumnSpec("amount", amount, false),
                new Dialect.ColumnSpec("note", Schema.OPTIONAL_STRING_SCHEMA, false));
    }
}
