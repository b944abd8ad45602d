package dev.ferry.transforms;

import static dev.ferry.transforms.ChangeEvents.envelope;
import static dev.ferry.transforms.ChangeEvents.flat;
import static dev.ferry.transforms.ChangeEvents.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.contract.structure.DdlCommand;
import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.contract.structure.TableStructure;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterOperationsTest {

    private static FilterOperations<SourceRecord> filter(String rules) {
        FilterOperations<SourceRecord> filter = new FilterOperations<>();
        filter.configure(Map.of(FilterOperations.RULES, rules));
        return filter;
    }

    private static SourceRecord envelopeOf(String op) {
        return switch (op) {
            case "c", "r" -> envelope(op, null, row(1, "EU", "1"));
            case "u" -> envelope(op, row(1, "EU", "1"), row(1, "EU", "2"));
            case "d" -> envelope(op, row(1, "EU", "1"), null);
            default -> envelope(op, null, null);
        };
    }

    @ParameterizedTest(name = "rule ''{0}'': DDL record kept {1}, plain schema record kept")
    @CsvSource(delimiter = '|', value = {
            "public.orders: insert,update,delete,truncate | false",
            "public.orders: insert, ddl | true",
            "public.orders: all | true",
            "public.orders: none | false",
            "public.other: none | true",
    })
    void ddlRecordsAreAnOperationOfTheirTable(String rules, boolean kept) {
        TableStructure structure = new TableStructure("public", "orders", List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), null, null);
        SourceRecord ddl = new SourceRecord(null, null, "t", null, StructureRecords.SCHEMA, StructureRecords.toStruct(
                structure, true, true, new DdlCommand("ALTER TABLE", "table", "public.orders", "ALTER TABLE …")));
        SourceRecord plain = new SourceRecord(null, null, "t", null, StructureRecords.SCHEMA,
                StructureRecords.toStruct(structure, true, true, null));

        assertThat(filter(rules).apply(ddl)).isEqualTo(kept ? ddl : null);
        assertThat(filter(rules).apply(plain)).isSameAs(plain);
    }

    @ParameterizedTest(name = "rule ''{0}'', op {1}: kept {2}")
    @CsvSource(delimiter = '|', value = {
            "public.orders: insert | c | true",
            "public.orders: insert | u | false",
            "public.orders: insert | d | false",
            "public.orders: insert | t | false",
            "public.orders: insert | r | true",
            "public.orders: update,delete | c | false",
            "public.orders: update,delete | u | true",
            "public.orders: update,delete | d | true",
            "public.orders: UPDATE , Delete | d | true",
            "public.orders: truncate | t | true",
            "public.orders: none | c | false",
            "public.orders: none | r | true",
            "public.orders: all | t | true",
            "public.audit: insert; *: insert,update,delete,truncate | d | true",
            "public.*: insert; *: all | d | false",
    })
    void keepsOnlyTheChosenOperationsOfEnvelopes(String rules, String op, boolean kept) {
        SourceRecord record = envelopeOf(op);
        assertThat(filter(rules).apply(record)).isEqualTo(kept ? record : null);
    }

    @ParameterizedTest(name = "rule ''{0}'', op {1}: kept {2}")
    @CsvSource(delimiter = '|', value = {
            "public.orders: insert | c | true",
            "public.orders: insert | u | false",
            "public.orders: insert | d | false",
            "public.orders: insert | r | true",
            "public.orders: update | u | true",
            "public.orders: delete | d | true",
    })
    void keepsOnlyTheChosenOperationsOfFlattenedRows(String rules, String op, boolean kept) {
        SourceRecord record = flat(op, row(1, "EU", "1"));
        assertThat(filter(rules).apply(record)).isEqualTo(kept ? record : null);
    }

    @Test
    void tombstonesAreDeletes() {
        SourceRecord tombstone = ChangeEvents.tombstone(1);
        assertThat(filter("public.orders: insert,update").apply(tombstone)).isNull();
        assertThat(filter("public.orders: delete").apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void flattenedRowsWithoutOpAreUpsertsThatOnlyMatterWhenTheRuleTellsInsertFromUpdate() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), ChangeEvents.TOPIC, 0, null, null, schema,
                new Struct(schema).put("id", 1));
        assertThat(filter("public.orders: insert,update").apply(record)).isSameAs(record);
        assertThat(filter("public.orders: delete").apply(record)).isNull();
        assertThatThrownBy(() -> filter("public.orders: insert").apply(record))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("public.orders")
                .hasMessageContaining("add.fields=op");
    }

    @Test
    void otherTablesAndHeartbeatsPass() {
        SourceRecord delete = envelopeOf("d");
        assertThat(filter("public.audit: insert").apply(delete)).isSameAs(delete);
        SourceRecord heartbeat = ChangeEvents.heartbeat();
        assertThat(filter("*: none").apply(heartbeat)).isSameAs(heartbeat);
    }

    @Test
    void unknownOperationsFailConfigure() {
        assertThatThrownBy(() -> filter("public.orders: insert,upsert"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("public.orders: insert,upsert")
                .hasMessageContaining("unknown operation 'upsert'");
        assertThatThrownBy(() -> filter("public.orders"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.table: insert");
    }
}
