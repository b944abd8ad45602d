package dev.ferry.transforms;

import static dev.ferry.transforms.ChangeEvents.envelope;
import static dev.ferry.transforms.ChangeEvents.flat;
import static dev.ferry.transforms.ChangeEvents.row;
import static dev.ferry.transforms.ChangeEvents.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.contract.FerryHeaders;
import dev.ferry.contract.structure.DdlCommand;
import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Check;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.ForeignKey;
import dev.ferry.contract.structure.TableStructure.Index;
import java.math.BigDecimal;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenameObjectsTest {

    private static RenameObjects<SourceRecord> rename(String rules, String... more) {
        Map<String, String> props = new HashMap<>();
        props.put(RenameObjects.RULES, rules);
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        RenameObjects<SourceRecord> rename = new RenameObjects<>();
        rename.configure(props);
        return rename;
    }

    private static Struct source(SourceRecord record) {
        return value(record).getStruct("source");
    }

    private static java.util.List<String> fields(Struct struct) {
        return struct.schema().fields().stream().map(Field::name).toList();
    }

    @ParameterizedTest(name = "{0} renames public.orders to {1}.{2}")
    @CsvSource(delimiter = '|', value = {
            "public.orders -> sales.orders_v2 | sales | orders_v2",
            "public.orders -> orders_v2 | public | orders_v2",
            "public -> archive | archive | orders",
            "public -> archive; public.orders -> orders_v2 | archive | orders_v2",
            "public.orders -> sales.orders_v2; public -> archive | sales | orders_v2",
            "table ~ ^ord(.*)$ -> purchase$1 | public | purchaseers",
            "schema ~ ^pub(.*)$ -> x_$1; table ~ nomatch -> y | x_lic | orders",
            "public.orders -> orders_v2; table ~ .* -> never | public | orders_v2",
            "\"public\".\"orders\" -> \"Sales\".\"Orders.V2\" | Sales | Orders.V2",
    })
    void renamesTablesInTheSourceBlockAndTopic(String rules, String schema, String table) {
        SourceRecord renamed = rename(rules).apply(envelope("c", null, row(1, "EU", "1")));
        assertThat(source(renamed).getString("schema")).isEqualTo(schema);
        assertThat(source(renamed).getString("table")).isEqualTo(table);
        assertThat(renamed.topic()).isEqualTo("shop." + schema + "." + table);
    }

    @Test
    void renamesColumnsInKeyBeforeAndAfter() {
        RenameObjects<SourceRecord> rename = rename("public.orders.amt -> amount; public.orders.id -> order_id");
        SourceRecord renamed = rename.apply(envelope("u", row(1, "EU", "1"), row(1, "EU", "2")));
        Struct after = value(renamed).getStruct("after");
        Struct before = value(renamed).getStruct("before");
        assertThat(fields(after)).containsExactly("order_id", "region", "amount", "created", "active");
        assertThat(after.get("amount")).isEqualTo(new BigDecimal("2.00"));
        assertThat(before.get("amount")).isEqualTo(new BigDecimal("1.00"));
        assertThat(fields((Struct) renamed.key())).containsExactly("order_id");
        assertThat(renamed.keySchema().field("order_id")).isNotNull();
        assertThat(value(renamed).getString("op")).isEqualTo("u");
        assertThat(renamed.topic()).isEqualTo(ChangeEvents.TOPIC);
    }

    @Test
    void theUnchangedColumnsHeaderIsRenamedWithTheColumns() {
        SourceRecord record = envelope("u", null, row(1, "EU", "1"));
        record.headers().addString(FerryHeaders.UNCHANGED_COLUMNS, FerryHeaders.encodeColumns(List.of("amt", "region")));
        SourceRecord renamed = rename("public.orders.amt -> amount").apply(record);
        assertThat(renamed.headers().allWithName(FerryHeaders.UNCHANGED_COLUMNS)).toIterable().singleElement()
                .satisfies(h -> assertThat(FerryHeaders.decodeColumns(h.value().toString()))
                        .containsExactly("amount", "region"));
        assertThat(FerryHeaders.decodeColumns(record.headers().lastWithName(FerryHeaders.UNCHANGED_COLUMNS).value()
                .toString())).as("the input record is left alone").containsExactly("amt", "region");
    }

    @Test
    void regexColumnRulesAndCasePolicy() {
        SourceRecord renamed = rename("column ~ ^(.*)t$ -> $1_at", RenameObjects.CASE, "upper")
                .apply(envelope("c", null, row(1, "EU", "1")));
        assertThat(fields(value(renamed).getStruct("after")))
                .containsExactly("ID", "REGION", "AM_AT", "CREATED", "ACTIVE");
        SourceRecord lowered = rename("public.orders -> Sales.Orders; public.orders.amt -> Amount",
                RenameObjects.CASE, "lower").apply(envelope("c", null, row(1, "EU", "1")));
        assertThat(source(lowered).getString("schema")).isEqualTo("sales");
        assertThat(source(lowered).getString("table")).isEqualTo("orders");
        assertThat(fields(value(lowered).getStruct("after"))).contains("amount");

        SourceRecord regex = rename("column ~ ^(re.*)$ -> x_$1").apply(envelope("c", null, row(1, "EU", "1")));
        assertThat(fields(value(regex).getStruct("after"))).containsExactly("id", "x_region", "amt", "created", "active");
    }

    @Test
    void flattenedRowsAreRenamedAndKeepConnectorFields() {
        SourceRecord renamed = rename("public.orders -> sales.orders_v2; public.orders.amt -> amount",
                RenameObjects.CASE, "upper").apply(flat("u", row(1, "EU", "1")));
        assertThat(renamed.topic()).isEqualTo("shop.SALES.ORDERS_V2");
        assertThat(fields(value(renamed))).containsExactly("ID", "REGION", "AMOUNT", "CREATED", "ACTIVE", "__op",
                "__deleted");
        assertThat(value(renamed).getString("__op")).isEqualTo("u");
        assertThat(fields((Struct) renamed.key())).containsExactly("ID");
    }

    @Test
    void tombstonesAndTruncatesAreRenamed() {
        RenameObjects<SourceRecord> rename = rename("public.orders -> sales.orders_v2; public.orders.id -> order_id");
        SourceRecord tombstone = rename.apply(ChangeEvents.tombstone(3));
        assertThat(tombstone.topic()).isEqualTo("shop.sales.orders_v2");
        assertThat(tombstone.value()).isNull();
        assertThat(((Struct) tombstone.key()).getInt32("order_id")).isEqualTo(3);
        SourceRecord truncate = rename.apply(envelope("t", null, null));
        assertThat(source(truncate).getString("table")).isEqualTo("orders_v2");
    }

    @Test
    void topicRenameCanBeTurnedOff() {
        SourceRecord renamed = rename("public.orders -> orders_v2", RenameObjects.TOPIC_RENAME, "false")
                .apply(envelope("c", null, row(1, "EU", "1")));
        assertThat(renamed.topic()).isEqualTo(ChangeEvents.TOPIC);
        assertThat(source(renamed).getString("table")).isEqualTo("orders_v2");
    }

    @Test
    void schemasAreBuiltOncePerSourceSchema() {
        RenameObjects<SourceRecord> rename = rename("public.orders.amt -> amount");
        SourceRecord first = rename.apply(envelope("c", null, row(1, "EU", "1")));
        SourceRecord second = rename.apply(envelope("u", row(1, "EU", "1"), row(1, "EU", "3")));
        assertThat(second.valueSchema()).isSameAs(first.valueSchema());
        assertThat(value(second).getStruct("after").schema()).isSameAs(value(first).getStruct("after").schema());
        assertThat(second.keySchema()).isSameAs(first.keySchema());
    }

    @Test
    void recordsOfUnmappedTablesAreReturnedAsTheyAre() {
        SourceRecord record = envelope("c", null, row(1, "EU", "1"));
        assertThat(rename("public.customers -> clients").apply(record)).isSameAs(record);
        SourceRecord heartbeat = ChangeEvents.heartbeat();
        assertThat(rename("public -> archive", RenameObjects.CASE, "upper").apply(heartbeat)).isSameAs(heartbeat);
    }

    @Test
    void conflictingRulesAreRejectedAtConfigure() {
        assertThatThrownBy(() -> rename("public.orders.amt -> amount; public.orders.total -> amount"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("public.orders.amt -> amount")
                .hasMessageContaining("public.orders.total -> amount")
                .hasMessageContaining("same name 'amount'");
        assertThatThrownBy(() -> rename("public.orders.amt -> Amount; public.orders.total -> amount",
                RenameObjects.CASE, "lower")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> rename("public.orders -> a; public.orders -> b"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("already renamed by the rule 'public.orders -> a'");
        assertThatThrownBy(() -> rename("a.b.c.d -> x")).isInstanceOf(ConfigException.class).hasMessageContaining("4 parts");
        assertThatThrownBy(() -> rename("public.orders.amt -> x.y")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> rename("public.orders")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("source -> target");
        assertThatThrownBy(() -> rename("table ~ ([a -> b")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> rename("", RenameObjects.CASE, "title")).isInstanceOf(ConfigException.class);
    }

    @Test
    void aColumnRenamedOntoAnotherColumnFailsNamingBoth() {
        RenameObjects<SourceRecord> rename = rename("public.orders.amt -> region");
        assertThatThrownBy(() -> rename.apply(envelope("c", null, row(1, "EU", "1"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'region' and 'amt'")
                .hasMessageContaining("public.orders")
                .hasMessageContaining("public.orders.amt -> region");
    }

    @Test
    void renamesASchemaRecordWithItsTableSoConstraintsFollowTheMappedNames() {
        TableStructure structure = new TableStructure("public", "orders",
                List.of(column("id"), column("amt"), column("customer_id")), List.of("id"),
                List.of(new Index("orders_amt_key", true, true, "btree", List.of("amt"), List.of(), null)),
                List.of(new Check("amt_positive", "(amt > 0)")),
                List.of(new ForeignKey("orders_customer_fk", List.of("customer_id"), "public", "customers",
                        List.of("id"), "NO ACTION", "CASCADE")),
                List.of(), null, null);
        SourceRecord record = new SourceRecord(null, null, "shop.public.orders", 0, null, null,
                StructureRecords.SCHEMA, StructureRecords.toStruct(structure));

        SourceRecord renamed = rename("public.orders -> sales.orders_v2; public.orders.amt -> amount; "
                + "public.customers -> sales.clients; public.customers.id -> client_id").apply(record);

        TableStructure result = StructureRecords.fromStruct((Struct) renamed.value());
        assertThat(renamed.topic()).isEqualTo("shop.sales.orders_v2");
        assertThat(List.of(result.schema(), result.table())).containsExactly("sales", "orders_v2");
        assertThat(result.columns()).extracting(Column::name).containsExactly("id", "amount", "customer_id");
        assertThat(result.indexes().get(0).columns()).containsExactly("amount");
        assertThat(result.checks().get(0).expression()).isEqualTo("(\"amount\" > 0)");
        assertThat(result.foreignKeys().get(0)).extracting(ForeignKey::referencedSchema, ForeignKey::referencedTable,
                ForeignKey::referencedColumns).containsExactly("sales", "clients", List.of("client_id"));
    }

    @Test
    void aTableRenameRecordNamesTheOldTableAsMapped() {
        TableStructure structure = new TableStructure("public", "orders_2026", List.of(column("id")), List.of("id"),
                List.of(), List.of(), List.of(), List.of(), null, null);
        DdlCommand command = new DdlCommand("ALTER TABLE", "table", "public.orders_2026",
                "ALTER TABLE orders RENAME TO orders_2026", new DdlCommand.TableName("public", "orders"));
        SourceRecord record = new SourceRecord(null, null, "shop.public.orders_2026", 0, null, null,
                StructureRecords.SCHEMA, StructureRecords.toStruct(structure, true, true, command));

        SourceRecord renamed = rename("public.orders -> sales.orders_v1; public.orders_2026 -> sales.orders_v2")
                .apply(record);

        DdlCommand result = StructureRecords.ddl((Struct) renamed.value());
        assertThat(result.renamedFrom()).isEqualTo(new DdlCommand.TableName("sales", "orders_v1"));
        assertThat(StructureRecords.fromStruct((Struct) renamed.value()).table()).isEqualTo("orders_v2");
    }

    @Test
    void rowFiltersAndOperationFiltersPassSchemaRecords() {
        SourceRecord record = new SourceRecord(null, null, "shop.public.orders", 0, null, null,
                StructureRecords.SCHEMA, StructureRecords.toStruct(new TableStructure("public", "orders",
                        List.of(column("id")), List.of("id"), List.of(), List.of(), List.of(), List.of(), null, null)));
        FilterRows<SourceRecord> rows = new FilterRows<>();
        rows.configure(Map.of(FilterRows.RULES, "public.orders: id > 100", FilterRows.BEFORE_IMAGES, "full"));
        FilterOperations<SourceRecord> operations = new FilterOperations<>();
        operations.configure(Map.of(FilterOperations.RULES, "public.orders: insert"));

        assertThat(rows.apply(record)).isSameAs(record);
        assertThat(operations.apply(record)).isSameAs(record);
    }

    private static Column column(String name) {
        return new Column(name, "integer", "int4", "pg_catalog", null, null, null, false, true, null, null, null, null);
    }
}
