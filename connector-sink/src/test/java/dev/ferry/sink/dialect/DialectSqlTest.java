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
        assertThat(pg.widenColumn(T, "qty", "int4", null, Schema.INT64_SCHEMA))
                .contains("ALTER TABLE \"sales\".\"orders\" ALTER COLUMN \"qty\" TYPE bigint");
        assertThat(pg.widenColumn(T, "price", "float4", null, Schema.FLOAT64_SCHEMA)).isPresent();
        assertThat(pg.widenColumn(T, "qty", "int4", null, Schema.FLOAT64_SCHEMA)).as("no change of family").isEmpty();
        assertThat(pg.widenColumn(T, "qty", "numeric", null, Schema.INT64_SCHEMA)).isEmpty();
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
        assertThat(my.widenColumn(T, "qty", "int", null, Schema.INT64_SCHEMA))
                .contains("ALTER TABLE `sales`.`orders` MODIFY COLUMN `qty` BIGINT");
        assertThat(my.widenColumn(T, "qty", "bigint", null, Schema.INT32_SCHEMA)).isEmpty();
        assertThat(my.createTable(new TableId(null, "orders"), specs(), KEY)).containsExactly(
                "CREATE TABLE IF NOT EXISTS `orders` (`id` BIGINT NOT NULL, `amount` DECIMAL(20,6) NULL, "
                        + "`note` LONGTEXT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
                        + "COLLATE=utf8mb4_bin");
        assertThat(my.quote("we`ird")).isEqualTo("`we``ird`");
        assertThat(my.columnType(Schema.STRING_SCHEMA, true)).isEqualTo("VARCHAR(255)");
        assertThat(my.sameColumn("Name", "name")).isTrue();
    }

    @Test
    void mysqlWritesManyRowsInOneInsert() {
        Dialect.BoundSql multi = my.multiRow(my.upsert(T, COLS, KEY), 3);
        assertThat(multi.sql()).isEqualTo("INSERT INTO `sales`.`orders` (`id`, `amount`, `note`) VALUES (?, ?, ?), "
                + "(?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = IF(`id` <=> VALUES(`id`), `id`, NULL), "
                + "`amount` = VALUES(`amount`), `note` = VALUES(`note`)");
        assertThat(multi.parameters()).containsExactly("id", "amount", "note", "id", "amount", "note", "id", "amount",
                "note");
        assertThat(my.multiRow(my.insert(T, COLS), 2).sql())
                .isEqualTo("INSERT INTO `sales`.`orders` (`id`, `amount`, `note`) VALUES (?, ?, ?), (?, ?, ?)");
        assertThat(my.rowsPerInsert()).isGreaterThan(1);
        assertThat(pg.rowsPerInsert()).isEqualTo(1);
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

    private static Schema declared(Schema.Type type, String sourceType, Integer length, Integer scale) {
        SchemaBuilder builder = new SchemaBuilder(type).optional().parameter(SourceColumnType.TYPE, sourceType.toUpperCase());
        if (length != null) {
            builder.parameter(SourceColumnType.LENGTH, length.toString());
        }
        if (scale != null) {
            builder.parameter(SourceColumnType.SCALE, scale.toString());
        }
        return builder.build();
    }

    @Test
    void declaredSourceTypesKeepTheirLengthsAndPrecisions() {
        Schema varchar20 = declared(Schema.Type.STRING, "varchar", 20, null);
        Schema char5 = declared(Schema.Type.STRING, "bpchar", 5, null);
        Schema timestamp3 = declared(Schema.Type.INT64, "timestamp", 29, 3);
        Schema unbounded = declared(Schema.Type.STRING, "varchar", Integer.MAX_VALUE, null);
        assertThat(pg.columnType(varchar20, false)).isEqualTo("varchar(20)");
        assertThat(pg.columnType(unbounded, false)).isEqualTo("varchar");
        assertThat(pg.columnType(char5, true)).isEqualTo("char(5)");
        assertThat(pg.columnType(timestamp3, false)).isEqualTo("timestamp(3)");
        assertThat(pg.columnType(declared(Schema.Type.STRING, "timetz", 21, 0), false)).isEqualTo("timetz(0)");
        assertThat(pg.columnType(declared(Schema.Type.STRING, "inet", null, null), false)).isEqualTo("inet");
        assertThat(adb.columnType(varchar20, false)).isEqualTo("varchar(20)");

        assertThat(my.columnType(varchar20, false)).isEqualTo("VARCHAR(20)");
        assertThat(my.columnType(declared(Schema.Type.STRING, "varchar", 1000, null), false)).isEqualTo("TEXT");
        assertThat(my.columnType(declared(Schema.Type.STRING, "varchar", 1000, null), true)).isEqualTo("VARCHAR(768)");
        assertThat(my.columnType(declared(Schema.Type.STRING, "varchar", 100_000, null), false)).isEqualTo("LONGTEXT");
        assertThat(my.columnType(unbounded, false)).isEqualTo("LONGTEXT");
        assertThat(my.columnType(char5, false)).isEqualTo("CHAR(5)");
        assertThat(my.columnType(timestamp3, false)).isEqualTo("DATETIME(3)");
        assertThat(my.columnType(declared(Schema.Type.STRING, "cidr", null, null), true)).isEqualTo("VARCHAR(64)");
    }

    @Test
    void aLongerDeclaredLengthWidensTheTextColumn() {
        Schema varchar100 = declared(Schema.Type.STRING, "varchar", 100, null);
        assertThat(pg.widenColumn(T, "note", "varchar", 10, varchar100))
                .contains("ALTER TABLE \"sales\".\"orders\" ALTER COLUMN \"note\" TYPE varchar(100)");
        assertThat(pg.widenColumn(T, "note", "varchar", 100, varchar100)).isEmpty();
        assertThat(pg.widenColumn(T, "note", "text", Integer.MAX_VALUE, varchar100)).isEmpty();
        assertThat(my.widenColumn(T, "note", "varchar", 10, varchar100))
                .contains("ALTER TABLE `sales`.`orders` MODIFY COLUMN `note` VARCHAR(100)");
    }

    @Test
    void aMySqlRowOfManyLongVarcharsTurnsTheLongestIntoText() {
        List<Dialect.ColumnSpec> columns = new java.util.ArrayList<>();
        columns.add(new Dialect.ColumnSpec("id", Schema.INT32_SCHEMA, true));
        for (int i = 0; i < 80; i++) {
            columns.add(new Dialect.ColumnSpec("c" + i, declared(Schema.Type.STRING, "varchar", i == 0 ? 200 : 255, null), false));
        }
        String create = my.createTable(new TableId(null, "wide"), columns, List.of("id")).get(0);
        assertThat(create).contains("`c0` VARCHAR(200) NULL").contains("`c79` VARCHAR(255) NULL").contains("`c1` TEXT NULL");
        long varchars = create.split("VARCHAR\\(", -1).length - 1;
        assertThat(varchars * 4 * 255).isLessThan(65_535);
    }
}
