package dev.ferry.sink.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Check;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.sink.dialect.StructureDdl.ColumnChange;
import dev.ferry.sink.dialect.mysql.MySqlDialect;
import dev.ferry.sink.dialect.postgres.PostgresDialect;
import dev.ferry.sink.event.TableId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements DDL records turn into, per dialect, as golden strings. */
class DdlStatementsTest {

    private static final TableId T = new TableId("shop", "items");
    private static final Column ID = new Column("id", "integer", "int4", "pg_catalog", null, null, null, false, true,
            null, null, null, null, 1);
    private static final Column STATE = new Column("state", "character varying(10)", "varchar", "pg_catalog", 10, null,
            null, false, true, "'new'::character varying", null, null, null, 5);
    private static final Column PRICE = new Column("price", "numeric(12,3)", "numeric", "pg_catalog", null, 12, 3,
            false, false, "9.5", null, null, null, 3);
    private static final TableStructure ITEMS = new TableStructure("shop", "items", List.of(ID, PRICE, STATE),
            List.of("id"), List.of(), List.of(), List.of(), List.of(), null, null);

    private final Dialect pg = new PostgresDialect();
    private final Dialect my = new MySqlDialect();

    @Test
    void postgres() {
        StructureDdl ddl = pg.structureDdl();
        assertThat(ddl.addColumnAsOnSource(T, ITEMS, STATE, new ArrayList<>())).containsExactly("ALTER TABLE "
                + "\"shop\".\"items\" ADD COLUMN IF NOT EXISTS \"state\" character varying(10) DEFAULT "
                + "'new'::character varying NOT NULL");
        assertThat(ddl.alterColumn(T, ITEMS, PRICE, EnumSet.of(ColumnChange.TYPE), new ArrayList<>())).containsExactly(
                "ALTER TABLE \"shop\".\"items\" ALTER COLUMN \"price\" DROP DEFAULT",
                "ALTER TABLE \"shop\".\"items\" ALTER COLUMN \"price\" TYPE numeric(12,3) USING \"price\"::numeric(12,3)",
                "ALTER TABLE \"shop\".\"items\" ALTER COLUMN \"price\" SET DEFAULT 9.5");
        assertThat(ddl.alterColumn(T, ITEMS, STATE, EnumSet.of(ColumnChange.NOT_NULL), new ArrayList<>()))
                .containsExactly("ALTER TABLE \"shop\".\"items\" ALTER COLUMN \"state\" SET NOT NULL");
        assertThat(ddl.renameColumn(pg, T, "name", "ti\"tle")).isEqualTo(
                "ALTER TABLE \"shop\".\"items\" RENAME COLUMN \"name\" TO \"ti\"\"tle\"");
        assertThat(ddl.dropColumn(pg, T, "note")).isEqualTo("ALTER TABLE \"shop\".\"items\" DROP COLUMN \"note\"");
        assertThat(ddl.dropTable(pg, T)).isEqualTo("DROP TABLE IF EXISTS \"shop\".\"items\"");
        assertThat(ddl.addCheck(T, new Check("positive", "(price >= (0)::numeric)"))).containsExactly("DO $ferry$ BEGIN "
                + "ALTER TABLE \"shop\".\"items\" ADD CONSTRAINT \"positive\" CHECK ((price >= (0)::numeric)) NOT VALID; "
                + "EXCEPTION WHEN duplicate_object OR duplicate_table THEN NULL; END $ferry$");
        assertThat(ddl.replacePrimaryKey(T, List.of("id", "state"), false)).containsExactly(
                "ALTER TABLE \"shop\".\"items\" ADD PRIMARY KEY (\"id\", \"state\")");
    }

    @Test
    void mysql() {
        StructureDdl ddl = my.structureDdl();
        TableId t = new TableId(null, "items");
        assertThat(ddl.addColumnAsOnSource(t, ITEMS, STATE, new ArrayList<>())).containsExactly(
                "ALTER TABLE `items` ADD COLUMN `state` VARCHAR(10) NOT NULL DEFAULT 'new'");
        assertThat(ddl.alterColumn(t, ITEMS, PRICE, EnumSet.of(ColumnChange.TYPE), new ArrayList<>())).containsExactly(
                "ALTER TABLE `items` MODIFY COLUMN `price` DECIMAL(12,3) NULL DEFAULT 9.5");
        assertThat(ddl.renameColumn(my, t, "name", "title")).isEqualTo(
                "ALTER TABLE `items` RENAME COLUMN `name` TO `title`");
        assertThat(ddl.addCheck(t, new Check("positive", "(price >= 0)"))).isEmpty();
        assertThat(ddl.replacePrimaryKey(t, List.of("id", "state"), true)).containsExactly(
                "ALTER TABLE `items` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `state`)");
    }
}
