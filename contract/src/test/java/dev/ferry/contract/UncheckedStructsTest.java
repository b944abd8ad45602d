package dev.ferry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class UncheckedStructsTest {

    private static final Schema INNER = SchemaBuilder.struct().field("n", Schema.INT32_SCHEMA).build();
    private static final Schema OUTER = SchemaBuilder.struct().field("s", Schema.OPTIONAL_STRING_SCHEMA)
            .field("inner", INNER).build();

    @Test
    void thisKafkaLetsStructsBeFilledWithoutValidation() {
        // If this fails, a Kafka upgrade renamed Struct's value array: Structs are built with put() again, slower.
        assertThat(UncheckedStructs.unchecked()).isTrue();
    }

    @Test
    void aFilledStructEqualsOneBuiltWithPutAndIsValid() {
        Struct inner = UncheckedStructs.of(INNER, new Object[] {7});
        Struct filled = UncheckedStructs.of(OUTER, new Object[] {null, inner});
        Struct put = new Struct(OUTER).put("s", null).put("inner", new Struct(INNER).put("n", 7));
        assertThat(filled).isEqualTo(put);
        assertThat(filled.getStruct("inner").getInt32("n")).isEqualTo(7);
        filled.validate();
    }
}
