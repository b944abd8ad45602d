package dev.ferry.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.FerryHeaders;
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
        assertThat(truncate.valueSchema()).isSameAs(ENVELOPE);
        assertThat(truncate.sourceOffset()).isEqualTo(first.get(1).sourceOffset());
        assertThat(((Struct) truncate.value()).get("after")).isNull();
        assertThat(((Struct) truncate.value()).getStruct("source").getString("snapshot")).isEqualTo("true");

        assertThat(first).allSatisfy(r -> assertThat(r.headers().lastWithName(FerryHeaders.SNAPSHOT_EPOCH).value())
                .isEqualTo("p@4096"));

        List<SourceRecord> later = List.of(event("a", "r", 4), event("b", "c", 5));
        assertThat(truncates.addTo(later)).isSameAs(later);
        assertThat(later.get(0).headers().lastWithName(FerryHeaders.SNAPSHOT_EPOCH)).as("every snapshot row")
                .isNotNull();
        assertThat(later.get(1).headers().lastWithName(FerryHeaders.SNAPSHOT_EPOCH)).as("a streamed change").isNull();
    }

    @Test
    void anIncrementalSnapshotGetsNoTruncate() {
        SourceRecord read = event("added", "r", 1);
        ((Struct) read.value()).getStruct("source").put("snapshot", "incremental");
        List<SourceRecord> records = List.of(event("added", "c", 2), read);
        assertThat(new SnapshotTruncates().addTo(records)).isSameAs(records);
        assertThat(read.headers().lastWithName(FerryHeaders.SNAPSHOT_EPOCH)).isNull();
    }
}
