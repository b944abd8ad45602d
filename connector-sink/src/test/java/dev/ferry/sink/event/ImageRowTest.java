package dev.ferry.sink.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ImageRowTest {

    private static final Schema FLATTENED = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("__op", Schema.OPTIONAL_STRING_SCHEMA)
            .field("name with \"quotes\"", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", SchemaBuilder.string().optional().defaultValue("new").build())
            .field("__deleted", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    /** The map the parser builds when it copies the image: each column's {@code Struct.get}, in order. */
    private static Map<String, Object> copied(Struct image, List<Field> columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        columns.forEach(field -> row.put(field.name(), image.get(field)));
        return row;
    }

    @Test
    void readsEveryColumnAsACopyWouldAndLeavesMetadataFieldsOut() {
        Struct image = new Struct(FLATTENED).put("id", 7).put("__op", "u").put("name with \"quotes\"", "")
                .put("__deleted", "false");
        List<Field> columns = EnvelopeLayout.columns(FLATTENED);
        ImageRow row = new ImageRow(image, columns);

        assertThat(row).isEqualTo(copied(image, columns)).hasSize(3);
        assertThat(copied(image, columns)).isEqualTo(row);
        assertThat(row.hashCode()).isEqualTo(copied(image, columns).hashCode());
        assertThat(row.keySet()).containsExactly("id", "name with \"quotes\"", "status");
        assertThat(row.get("status")).as("the schema's default, as Struct.get gives it").isEqualTo("new");
        assertThat(row.get("name with \"quotes\"")).isEqualTo("");
        assertThat(row.containsKey("__op")).isFalse();
        assertThat(row.get("__op")).isNull();
        assertThat(row.containsKey("missing")).isFalse();
        assertThat(row.get(42)).isNull();
        assertThat(new ImageRow(new Struct(FLATTENED).put("id", 1), columns)).containsEntry("name with \"quotes\"", null)
                .containsKey("name with \"quotes\"");
    }

    @Test
    void anImageWithoutMetadataFieldsIsReadWhole() {
        Schema schema = SchemaBuilder.struct().field("a", Schema.INT64_SCHEMA).field("b", Schema.OPTIONAL_BYTES_SCHEMA)
                .build();
        Struct image = new Struct(schema).put("a", Long.MIN_VALUE).put("b", new byte[] {1});
        ImageRow row = new ImageRow(image, schema.fields());
        assertThat(row).containsOnlyKeys("a", "b").containsEntry("a", Long.MIN_VALUE);
        assertThat(row.entrySet()).extracting(Map.Entry::getKey).containsExactly("a", "b");
    }

    @Test
    void isReadOnly() {
        Struct image = new Struct(FLATTENED).put("id", 7);
        ImageRow row = new ImageRow(image, EnvelopeLayout.columns(FLATTENED));
        assertThatThrownBy(() -> row.put("id", 8)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.entrySet().iterator().next().setValue(8))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.remove("id")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(image.get("id")).isEqualTo(7);
    }
}
