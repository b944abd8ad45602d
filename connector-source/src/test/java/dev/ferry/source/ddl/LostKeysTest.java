package dev.ferry.source.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.structure.TableStructure;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class LostKeysTest {

    private static final Schema ROW = SchemaBuilder.struct().name("p.ren.orders.Value")
            .field("id", Schema.INT32_SCHEMA).field("v", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    private static final Schema SOURCE = SchemaBuilder.struct().field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW)
            .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    private static SourceRecord event(String table, String op, Struct before, Struct after) {
        Struct envelope = new Struct(ENVELOPE).put("before", before).put("after", after).put("op", op)
                .put("source", new Struct(SOURCE).put("schema", "ren").put("table", table));
        return new SourceRecord(Map.of(), Map.of(), "p.ren." + table, null, null, ENVELOPE, envelope);
    }

    @Test
    void aKeylessEventOfATableWithAKnownPrimaryKeyGetsItsKeyFromItsRow() {
        LostKeys keys = new LostKeys();
        keys.remember(new TableStructure("ren", "orders", List.of(), List.of("id"), List.of(), List.of(), List.of(),
                List.of(), null, null));
        SourceRecord insert = event("orders", "c", null, new Struct(ROW).put("id", 7).put("v", "x"));
        SourceRecord delete = event("orders", "d", new Struct(ROW).put("id", 8), null);
        SourceRecord unknown = event("other", "c", null, new Struct(ROW).put("id", 9));

        List<SourceRecord> restored = keys.restore(List.of(insert, delete, unknown));

        assertThat(((Struct) restored.get(0).key()).get("id")).isEqualTo(7);
        assertThat(restored.get(0).keySchema().name()).isEqualTo("p.ren.orders.Key");
        assertThat(restored.get(0).keySchema().fields()).hasSize(1);
        assertThat(((Struct) restored.get(1).key()).get("id")).isEqualTo(8);
        assertThat(restored.get(2)).isSameAs(unknown);
    }
}
