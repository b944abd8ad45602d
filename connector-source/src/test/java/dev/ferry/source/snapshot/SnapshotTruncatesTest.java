package dev.ferry.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.SnapshotEpoch;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SnapshotTruncatesTest {

    private static final Schema ROW = SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW)
            .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private static SourceRecord event(String topic, String op, int id) {
        Struct envelope = new Struct(ENVELOPE).put("after", new Struct(ROW).put("id", id))
                .put("source", new Struct(SOURCE).put("name", "p").put("table", topic)
                        .put("snapshot", "r".equals(op) ? "true" : "false").put("lsn", 4096L))
                .put("op", op).put("ts_ms", 5L);
        return new SourceRecord(Map.of("server", "p"), Map.of("lsn", (long) id), topic, null,
                Schema.INT32_SCHEMA, id, ENVELOPE, envelope);
    }

    @Test
    void eachTablesFirstSnapshotRowIsPrecededByATruncateWithTheSameSchemaAndOffset() {
        SnapshotTruncates truncates = new SnapshotTruncates();
        List<SourceRecord> first = truncates.addTo(List.of(event("a", "r", 1), event("a", "r", 2), event("b", "r", 3)));
        assertThat(first).extracting(r -> ((Struct) r.value()).getString("op")).containsExactly("t", "r", "r", "t", "r");
        SourceRecord truncate = first.get(0);
        assertThat(truncate.topic()).isEqualTo("a");
        assertThat(truncate.key()).isNull();
        assertThat(truncate.valueSchema()).as("the rows' schema").isSameAs(first.get(1).valueSchema());
        assertThat(truncate.sourceOffset()).isEqualTo(first.get(1).sourceOffset());
        assertThat(((Struct) truncate.value()).get("after")).isNull();
        assertThat(((Struct) truncate.value()).getStruct("source").getString("snapshot")).isEqualTo("true");

        assertThat(first).allSatisfy(r -> {
            assertThat(SnapshotEpoch.of(r.valueSchema())).isEqualTo("p@4096");
            assertThat(r.valueSchema().fields()).isEqualTo(ENVELOPE.fields());
            assertThat(r.headers()).as("no header per record").isEmpty();
            ((Struct) r.value()).validate(); // copied into the marked schema without Struct.put's checks
        });
        assertThat(((Struct) first.get(1).value()).getStruct("after").getInt32("id")).isEqualTo(1);
        assertThat(first.get(4).key()).isEqualTo(3);

        List<SourceRecord> later = List.of(event("a", "r", 4), event("b", "c", 5));
        List<SourceRecord> marked = truncates.addTo(later);
        assertThat(marked).extracting(r -> ((Struct) r.value()).getString("op")).containsExactly("r", "c");
        assertThat(SnapshotEpoch.of(marked.get(0).valueSchema())).as("every snapshot row").isEqualTo("p@4096");
        assertThat(marked.get(0).valueSchema()).as("one marked schema per envelope schema and epoch")
                .isSameAs(first.get(1).valueSchema());
        assertThat(marked.get(1)).as("a streamed change").isSameAs(later.get(1));
        assertThat(SnapshotEpoch.of(marked.get(1).valueSchema())).isNull();
    }

    @Test
    void aNewSnapshotLsnIsANewEpoch() {
        SnapshotTruncates truncates = new SnapshotTruncates();
        SourceRecord again = event("a", "r", 2);
        ((Struct) again.value()).getStruct("source").put("lsn", 8192L);
        List<SourceRecord> out = truncates.addTo(List.of(event("a", "r", 1), again));
        assertThat(out).extracting(r -> SnapshotEpoch.of(r.valueSchema())).containsExactly("p@4096", "p@4096", "p@8192");
    }

    @Test
    void anIncrementalSnapshotGetsNoTruncate() {
        SourceRecord read = event("added", "r", 1);
        ((Struct) read.value()).getStruct("source").put("snapshot", "incremental");
        List<SourceRecord> records = List.of(event("added", "c", 2), read);
        assertThat(new SnapshotTruncates().addTo(records)).isSameAs(records);
        assertThat(SnapshotEpoch.of(read.valueSchema())).isNull();
    }
}
