package dev.ferry.converters;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.DecimalFormat;

/**
 * A Connect value written token by token as the JSON payload Kafka's JsonConverter writes for it,
 * without the JSON tree Kafka's converter builds first: building and then serializing that tree
 * was most of a source task's thread once the schema was cached (benchmarks/RESULTS.md, "The
 * drain, profiled"). Each value is written with the generator call Kafka's tree node makes for it,
 * so the bytes are the same. Anything whose bytes or error depend on Kafka's own rules (a value of
 * the wrong Java type, a null for a required field, a map key that is not a plain string, a struct
 * of another schema) is {@link NotWritable}: the caller then has Kafka's converter write the
 * record, which writes it or fails with Kafka's own error.
 *
 * <p>Not thread-safe (it keeps the struct schemas' encoded {@link FieldNames}): each
 * {@link EnvelopeWriter} has its own.
 */
final class StreamingConnectToJson {

    /** The value holds something this writer leaves to Kafka's converter. */
    static final class NotWritable extends Exception {
        private NotWritable() {
            super(null, null, false, false);
        }
    }

    private static final NotWritable NOT_WRITABLE = new NotWritable();

    private final boolean replaceNullWithDefault;
    private final boolean decimalsAsNumbers;
    private final FieldNames fieldNames = new FieldNames();

    StreamingConnectToJson(boolean replaceNullWithDefault, DecimalFormat decimalFormat) {
        this.replaceNullWithDefault = replaceNullWithDefault;
        this.decimalsAsNumbers = decimalFormat == DecimalFormat.NUMERIC;
    }

    void write(Schema schema, Object value, JsonGenerator json) throws IOException, NotWritable {
        if (value == null) {
            writeNull(schema, json);
            return;
        }
        if (schema.name() != null && writeLogical(schema, value, json)) {
            return;
        }
        switch (schema.type()) {
            case INT8 -> json.writeNumber(((Byte) value).intValue());
            case INT16 -> json.writeNumber((Short) value);
            case INT32 -> json.writeNumber((Integer) value);
            case INT64 -> json.writeNumber((Long) value);
            case FLOAT32 -> json.writeNumber((Float) value);
            case FLOAT64 -> json.writeNumber((Double) value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case STRING -> json.writeString(((CharSequence) value).toString());
            case BYTES -> json.writeBinary(bytes(value));
            case ARRAY -> writeArray(schema.valueSchema(), (Collection<?>) value, json);
            case MAP -> writeMap(schema, (Map<?, ?>) value, json);
            case STRUCT -> writeStruct(schema, (Struct) value, json);
            default -> throw NOT_WRITABLE;
        }
    }

    private void writeNull(Schema schema, JsonGenerator json) throws IOException, NotWritable {
        if (schema.defaultValue() != null && replaceNullWithDefault) {
            write(schema, schema.defaultValue(), json);
        } else if (schema.isOptional()) {
            json.writeNull();
        } else {
            throw NOT_WRITABLE;
        }
    }

    /** Kafka's converter picks a logical type by the schema's name alone, whatever its type. */
    private boolean writeLogical(Schema schema, Object value, JsonGenerator json) throws IOException, NotWritable {
        switch (schema.name()) {
            case Decimal.LOGICAL_NAME -> {
                if (!(value instanceof BigDecimal decimal)) {
                    throw NOT_WRITABLE;
                }
                if (decimalsAsNumbers) {
                    json.writeNumber(decimal);
                } else {
                    json.writeBinary(Decimal.fromLogical(schema, decimal));
                }
            }
            case Date.LOGICAL_NAME -> json.writeNumber(Date.fromLogical(schema, date(value)));
            case Time.LOGICAL_NAME -> json.writeNumber(Time.fromLogical(schema, date(value)));
            case Timestamp.LOGICAL_NAME -> json.writeNumber(Timestamp.fromLogical(schema, date(value)));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static java.util.Date date(Object value) throws NotWritable {
        if (!(value instanceof java.util.Date date)) {
            throw NOT_WRITABLE;
        }
        return date;
    }

    private static byte[] bytes(Object value) throws NotWritable {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.array(); // the whole backing array, as Kafka's converter writes it
        }
        throw NOT_WRITABLE;
    }

    private void writeArray(Schema elementSchema, Collection<?> elements, JsonGenerator json)
            throws IOException, NotWritable {
        json.writeStartArray();
        for (Object element : elements) {
            write(elementSchema, element, json);
        }
        json.writeEndArray();
    }

    /** String keys make a JSON object, any other keys an array of [key, value] pairs. */
    private void writeMap(Schema schema, Map<?, ?> map, JsonGenerator json) throws IOException, NotWritable {
        Schema keySchema = schema.keySchema();
        Schema valueSchema = schema.valueSchema();
        if (keySchema.type() == Schema.Type.STRING) {
            if (keySchema.name() != null) {
                throw NOT_WRITABLE; // Kafka's converter would name the field by the key's JSON text
            }
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                // Only String keys are distinct as field names; Kafka's tree would merge equal texts.
                if (!(entry.getKey() instanceof String key)) {
                    throw NOT_WRITABLE;
                }
                json.writeFieldName(key);
                write(valueSchema, entry.getValue(), json);
            }
            json.writeEndObject();
            return;
        }
        json.writeStartArray();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            json.writeStartArray();
            write(keySchema, entry.getKey(), json);
            write(valueSchema, entry.getValue(), json);
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private void writeStruct(Schema schema, Struct struct, JsonGenerator json) throws IOException, NotWritable {
        // Identity first: Debezium reuses its schema objects, and equals walks the whole schema.
        if (struct.schema() != schema && !struct.schema().equals(schema)) {
            throw NOT_WRITABLE;
        }
        json.writeStartObject();
        List<Field> fields = schema.fields();
        SerializedString[] names = fieldNames.of(schema);
        for (int i = 0; i < names.length; i++) {
            Field field = fields.get(i);
            json.writeFieldName(names[i]);
            // Struct.get(Field) fills in the default; Kafka's converter writes the value as set.
            Object value = field.schema().defaultValue() == null ? struct.get(field) : struct.getWithoutDefault(field.name());
            write(field.schema(), value, json);
        }
        json.writeEndObject();
    }
}
