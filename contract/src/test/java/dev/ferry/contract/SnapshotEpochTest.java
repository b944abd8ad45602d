package dev.ferry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class SnapshotEpochTest {

    private static final Schema ROW = SchemaBuilder.struct().name("p.public.t.Value").optional()
            .field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("p.public.t.Envelope").version(2)
            .doc("a change").parameter("kept", "yes").field("before", ROW).field("after", ROW)
            .field("op", Schema.STRING_SCHEMA).build();

    @Test
    void theMarkedSchemaIsTheEnvelopeWithTheEpochAmongItsParameters() {
        Schema marked = SnapshotEpoch.mark(ENVELOPE, SnapshotEpoch.of("p", 4096L));

        assertThat(SnapshotEpoch.of(marked)).isEqualTo("p@4096");
        assertThat(marked.parameters()).containsEntry("kept", "yes");
        assertThat(marked.name()).isEqualTo(ENVELOPE.name());
        assertThat(marked.version()).isEqualTo(2);
        assertThat(marked.doc()).isEqualTo("a change");
        assertThat(marked.isOptional()).isFalse();
        assertThat(marked.field("after").schema()).as("the rows' structs fit it").isSameAs(ROW);
        assertThat(marked.fields()).isEqualTo(ENVELOPE.fields());
        assertThat(ENVELOPE.parameters()).as("the original is left alone").doesNotContainKey(SnapshotEpoch.SCHEMA_PARAMETER);
        assertThat(SnapshotEpoch.of(ENVELOPE)).isNull();
        assertThat(SnapshotEpoch.of(ROW)).isNull();
        assertThat(SnapshotEpoch.of((Schema) null)).isNull();
    }

    @Test
    void theEpochTravelsThroughKafkasJsonConverter() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        Schema marked = SnapshotEpoch.mark(ENVELOPE, "p@4096");
        Struct value = new Struct(marked).put("after", new Struct(ROW).put("id", 1)).put("op", "r");

        SchemaAndValue read = converter.toConnectData("p.public.t", converter.fromConnectData("p.public.t", marked, value));

        assertThat(SnapshotEpoch.of(read.schema())).isEqualTo("p@4096");
        assertThat(((Struct) read.value()).getStruct("after").getInt32("id")).isEqualTo(1);
    }
}
