package dev.ferry.contract.structure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.structure.TableStructure.Check;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.EnumType;
import dev.ferry.contract.structure.TableStructure.ForeignKey;
import dev.ferry.contract.structure.TableStructure.Index;
import dev.ferry.contract.structure.TableStructure.Sequence;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class StructureRecordsTest {

    static final TableStructure ORDERS = new TableStructure("shop", "Order \"lines\" ü",
            List.of(new Column("id", "bigint", "int8", "pg_catalog", null, null, null, false, true, null, "by default",
                            new Sequence("shop", "orders_id_seq", 41, true, 1, 1, Long.MAX_VALUE, 1), null),
                    new Column("status", "shop.mood", "mood", "shop", null, null, null, false, false,
                            "'ok'::shop.mood", null, null, "the state"),
                    new Column("price", "numeric(10,2)", "numeric", "pg_catalog", null, 10, 2, false, true, "0",
                            null, null, null),
                    new Column("tags", "character varying(20)[]", "varchar", "pg_catalog", 20, null, null, true,
                            false, null, null, null, null)),
            List.of("id"),
            List.of(new Index("orders_status_key", true, true, "btree", List.of("status", "price"), List.of(), null),
                    new Index("orders_lower", false, false, "btree", List.of(), List.of("lower((status)::text)"),
                            "(price > (0)::numeric)")),
            List.of(new Check("price_positive", "(price >= (0)::numeric)")),
            List.of(new ForeignKey("orders_customer_fk", List.of("id"), "shop", "customers", List.of("id"),
                    "NO ACTION", "CASCADE")),
            List.of(new EnumType("shop", "mood", List.of("sad", "ok", "happy"))),
            "RANGE (id)", "orders of the shop", new TableStructure.Partition("shop", "all_orders", "FOR VALUES FROM (1) TO (100)"),
            List.of(new TableStructure.Partition("shop", "orders_low", "FOR VALUES FROM (1) TO (50)")));

    @Test
    void aStructureReadsBackEqualAfterJsonConversion() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        byte[] json = converter.fromConnectData("t", StructureRecords.SCHEMA, StructureRecords.toStruct(ORDERS));

        SchemaAndValue back = converter.toConnectData("t", json);

        assertThat(StructureRecords.isStructure(back.value())).isTrue();
        assertThat(StructureRecords.fromStruct((Struct) back.value())).isEqualTo(ORDERS);
    }

    @Test
    void aDdlRecordKeepsItsCommandAndColumnPositionsThroughJsonAndARenamingTransform() {
        TableStructure positioned = ORDERS.withColumns(List.of(
                new Column("id", "bigint", "int8", "pg_catalog", null, null, null, false, true, null, null, null, null, 1),
                new Column("total", "numeric(12,3)", "numeric", "pg_catalog", null, 12, 3, false, false, "9.5", null,
                        null, null, 4)));
        DdlCommand ddl = new DdlCommand("ALTER TABLE", "table column", "shop.orders.total",
                "ALTER TABLE shop.orders RENAME price TO total; -- 'quoted' \"names\"");
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        byte[] json = converter.fromConnectData("t", StructureRecords.SCHEMA,
                StructureRecords.toStruct(positioned, true, true, ddl));

        Struct back = (Struct) converter.toConnectData("t", json).value();

        assertThat(StructureRecords.fromStruct(back)).isEqualTo(positioned);
        assertThat(StructureRecords.ddl(back)).isEqualTo(ddl);
        assertThat(StructureRecords.ddlCapture(back)).isTrue();
        Struct renamed = StructureRecords.withStructure(back, positioned.withColumns(List.of(
                positioned.columns().get(1).withName("amount"))));
        assertThat(StructureRecords.ddl(renamed)).isEqualTo(ddl);
        assertThat(StructureRecords.fromStruct(renamed).columns().get(0).position()).isEqualTo(4);
        // Records of a source without DDL capture say so, and carry no command.
        Struct plain = StructureRecords.toStruct(ORDERS);
        assertThat(StructureRecords.ddl(plain)).isNull();
        assertThat(StructureRecords.ddlCapture(plain)).isFalse();
    }

    @Test
    void aDropIndexNamesItsIndexUnquoted() {
        assertThat(new DdlCommand("DROP INDEX", "index", "shop.items_price", "DROP INDEX shop.items_price")
                .droppedIndex()).isEqualTo("items_price");
        assertThat(new DdlCommand("DROP INDEX", "index", "shop.\"Odd \"\"ix\"\"\"", "…").droppedIndex())
                .isEqualTo("Odd \"ix\"");
        assertThat(new DdlCommand("ALTER TABLE", "table", "shop.items", "…").droppedIndex()).isNull();
        assertThat(new DdlCommand("DROP TABLE", "table", "shop.items", "…").dropsTable()).isTrue();
    }

    @Test
    void changeEventsAreNoStructure() {
        assertThat(StructureRecords.isStructure(null)).isFalse();
        assertThat(StructureRecords.isStructure("text")).isFalse();
    }

    @Test
    void theNextValueOfASequenceFollowsIsCalled() {
        assertThat(new Sequence("s", "q", 41, true, 1, 1, 100, 1).nextValue()).isEqualTo(42);
        assertThat(new Sequence("s", "q", 1, false, 1, 1, 100, 1).nextValue()).isEqualTo(1);
    }
}
