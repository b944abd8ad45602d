package dev.ferry.converters.avro;

import static dev.ferry.converters.avro.SchemaPair.AVRO_ENUM;
import static dev.ferry.converters.avro.SchemaPair.CONNECT_ENUM;
import static dev.ferry.converters.avro.SchemaPair.FIXED_SIZE;
import static dev.ferry.converters.avro.SchemaPair.entryFields;
import static dev.ferry.converters.avro.SchemaPair.expect;
import static dev.ferry.converters.avro.SchemaPair.hasParameter;
import static dev.ferry.converters.avro.SchemaPair.nullBranch;
import static dev.ferry.converters.avro.SchemaPair.recordFields;

import dev.ferry.converters.avro.SchemaPair.Unsupported;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.Encoder;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Encodes Connect values straight into Avro binary, without building Avro objects first: the
 * same bytes as Apicurio's {@code AvroData} followed by Avro's {@code GenericDatumWriter}, which
 * build a {@code GenericRecord} per struct and look at each value's schema parameters per value.
 *
 * <p>{@link #compile} walks a Connect schema beside the Avro schema {@code AvroData} made for it
 * and returns an encoder for its values, or throws {@link Unsupported} for a schema with anything
 * it does not write exactly as they do (enums, fixed bytes, Connect unions, unions other than
 * {@code [null, T]}, optional map keys, renamed fields): those keep going through {@code AvroData}.
 * A value the encoder refuses (a wrong Java type, a null where the schema forbids one, a decimal of
 * another scale) throws; the caller then writes it through {@code AvroData}, which writes it or
 * fails with its own error.
 */
final class DirectAvroEncoder {

    /** Writes one value of a compiled schema. */
    interface ValueEncoder {
        void encode(Object value, Encoder out) throws IOException;
    }

    private DirectAvroEncoder() {
    }

    static ValueEncoder compile(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            return optional(schema, avro);
        }
        ValueEncoder present = present(schema, avro);
        return (value, out) -> {
            if (value == null) {
                throw new DataException("Found null value for non-optional schema");
            }
            present.encode(value, out);
        };
    }

    /** {@code [null, T]} or {@code [T, null]}: the branch index, then the value. */
    private static ValueEncoder optional(Schema schema, org.apache.avro.Schema union) throws Unsupported {
        int nullIndex = nullBranch(union);
        int valueIndex = 1 - nullIndex;
        ValueEncoder present = present(schema, union.getTypes().get(valueIndex));
        boolean nullable = schema.isOptional();
        return (value, out) -> {
            if (value == null) {
                if (!nullable) {
                    throw new DataException("Found null value for non-optional schema");
                }
                out.writeIndex(nullIndex);
            } else {
                out.writeIndex(valueIndex);
                present.encode(value, out);
            }
        };
    }

    /** A value known not to be null. */
    private static ValueEncoder present(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        String name = schema.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            expect(avro, org.apache.avro.Schema.Type.BYTES, name);
            return (value, out) -> out.writeBytes(Decimal.fromLogical(schema, (BigDecimal) value));
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            expect(avro, org.apache.avro.Schema.Type.INT, name);
            return (value, out) -> out.writeInt(Date.fromLogical(schema, (java.util.Date) value));
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            expect(avro, org.apache.avro.Schema.Type.INT, name);
            return (value, out) -> out.writeInt(Time.fromLogical(schema, (java.util.Date) value));
        }
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            expect(avro, org.apache.avro.Schema.Type.LONG, name);
            return (value, out) -> out.writeLong(Timestamp.fromLogical(schema, (java.util.Date) value));
        }
        return switch (schema.type()) {
            case INT8 -> {
                expect(avro, org.apache.avro.Schema.Type.INT, "int8");
                yield (value, out) -> out.writeInt((Byte) value);
            }
            case INT16 -> {
                expect(avro, org.apache.avro.Schema.Type.INT, "int16");
                yield (value, out) -> out.writeInt((Short) value);
            }
            case INT32 -> {
                expect(avro, org.apache.avro.Schema.Type.INT, "int32");
                yield (value, out) -> out.writeInt((Integer) value);
            }
            case INT64 -> {
                expect(avro, org.apache.avro.Schema.Type.LONG, "int64");
                yield (value, out) -> out.writeLong((Long) value);
            }
            case FLOAT32 -> {
                expect(avro, org.apache.avro.Schema.Type.FLOAT, "float32");
                yield (value, out) -> out.writeFloat((Float) value);
            }
            case FLOAT64 -> {
                expect(avro, org.apache.avro.Schema.Type.DOUBLE, "float64");
                yield (value, out) -> out.writeDouble((Double) value);
            }
            case BOOLEAN -> {
                expect(avro, org.apache.avro.Schema.Type.BOOLEAN, "boolean");
                yield (value, out) -> out.writeBoolean((Boolean) value);
            }
            case STRING -> {
                if (hasParameter(schema, AVRO_ENUM) || hasParameter(schema, CONNECT_ENUM)) {
                    throw new Unsupported("an enum");
                }
                expect(avro, org.apache.avro.Schema.Type.STRING, "string");
                yield (value, out) -> out.writeString((String) value);
            }
            case BYTES -> {
                if (hasParameter(schema, FIXED_SIZE)) {
                    throw new Unsupported("fixed bytes");
                }
                expect(avro, org.apache.avro.Schema.Type.BYTES, "bytes");
                yield (value, out) -> {
                    if (value instanceof byte[] bytes) {
                        out.writeBytes(bytes);
                    } else {
                        out.writeBytes((ByteBuffer) value);
                    }
                };
            }
            case ARRAY -> array(schema, avro);
            case MAP -> schema.keySchema().type() == Schema.Type.STRING && !schema.keySchema().isOptional()
                    ? map(schema, avro) : mapAsEntries(schema, avro);
            case STRUCT -> struct(schema, avro);
        };
    }

    private static ValueEncoder array(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        expect(avro, org.apache.avro.Schema.Type.ARRAY, "array");
        ValueEncoder element = compile(schema.valueSchema(), avro.getElementType());
        return (value, out) -> {
            Collection<?> items = (Collection<?>) value;
            out.writeArrayStart();
            out.setItemCount(items.size());
            for (Object item : items) {
                out.startItem();
                element.encode(item, out);
            }
            out.writeArrayEnd();
        };
    }

    /** A map with string keys is an Avro map, written in the order of the HashMap AvroData copies it into. */
    private static ValueEncoder map(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        expect(avro, org.apache.avro.Schema.Type.MAP, "map");
        ValueEncoder valueEncoder = compile(schema.valueSchema(), avro.getValueType());
        return (value, out) -> {
            Map<String, Object> copy = new HashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                copy.put((String) entry.getKey(), entry.getValue());
            }
            out.writeMapStart();
            out.setItemCount(copy.size());
            for (Map.Entry<String, Object> entry : copy.entrySet()) {
                out.startItem();
                out.writeString(entry.getKey());
                valueEncoder.encode(entry.getValue(), out);
            }
            out.writeMapEnd();
        };
    }

    /** Any other map is an Avro array of key/value records, in the map's own order. */
    private static ValueEncoder mapAsEntries(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        if (schema.keySchema().type() == Schema.Type.STRING) {
            throw new Unsupported("a map with optional string keys");
        }
        List<org.apache.avro.Schema.Field> fields = entryFields(avro);
        ValueEncoder keyEncoder = compile(schema.keySchema(), fields.get(0).schema());
        ValueEncoder valueEncoder = compile(schema.valueSchema(), fields.get(1).schema());
        return (value, out) -> {
            Map<?, ?> map = (Map<?, ?>) value;
            out.writeArrayStart();
            out.setItemCount(map.size());
            for (Map.Entry<?, ?> item : map.entrySet()) {
                out.startItem();
                keyEncoder.encode(item.getKey(), out);
                valueEncoder.encode(item.getValue(), out);
            }
            out.writeArrayEnd();
        };
    }

    /** A struct is an Avro record: its fields in the record's order, each read as {@code Struct.get} does. */
    private static ValueEncoder struct(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        Field[] fields = recordFields(schema, avro);
        List<org.apache.avro.Schema.Field> avroFields = avro.getFields();
        ValueEncoder[] encoders = new ValueEncoder[fields.length];
        for (int i = 0; i < fields.length; i++) {
            encoders[i] = compile(fields[i].schema(), avroFields.get(i).schema());
        }
        return (value, out) -> {
            Struct struct = (Struct) value;
            if (struct.schema() != schema && !struct.schema().equals(schema)) {
                throw new DataException("Mismatching struct schema");
            }
            for (int i = 0; i < fields.length; i++) {
                encoders[i].encode(struct.get(fields[i]), out);
            }
        };
    }

}
