package dev.ferry.converters.avro;

import static dev.ferry.converters.avro.SchemaPair.AVRO_ENUM;
import static dev.ferry.converters.avro.SchemaPair.CONNECT_ENUM;
import static dev.ferry.converters.avro.SchemaPair.FIXED_SIZE;
import static dev.ferry.converters.avro.SchemaPair.entryFields;
import static dev.ferry.converters.avro.SchemaPair.expect;
import static dev.ferry.converters.avro.SchemaPair.hasParameter;
import static dev.ferry.converters.avro.SchemaPair.nullBranch;
import static dev.ferry.converters.avro.SchemaPair.recordFields;

import dev.ferry.contract.UncheckedStructs;
import dev.ferry.converters.avro.SchemaPair.Unsupported;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.Decoder;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Decodes Avro binary straight into Connect values, without building Avro objects first: the
 * values Apicurio's deserializer and {@code AvroData.toConnectData} make together, which read a
 * {@code GenericRecord} per struct, then copy it into a Struct validating every value again.
 *
 * <p>{@link #compile} walks the Connect schema {@code AvroData} made from a writer's Avro schema
 * beside that Avro schema, and returns a decoder for its values, or throws {@link Unsupported} for
 * a schema with anything it does not read exactly as they do (enums, fixed bytes, Connect unions,
 * unions other than {@code [null, T]}, fields it cannot pair by name): those keep going through
 * Apicurio. Bytes that do not decode (a bad branch index, a truncated body) throw; the caller then
 * reads the record through Apicurio, which reads it or fails with its own error.
 */
final class DirectAvroDecoder {

    /** Reads one value of a compiled schema. */
    interface ValueDecoder {
        Object decode(Decoder in) throws IOException;
    }

    private DirectAvroDecoder() {
    }

    static ValueDecoder compile(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            return optional(schema, avro);
        }
        return present(schema, avro);
    }

    /** {@code [null, T]} or {@code [T, null]}: the branch index, then the value. */
    private static ValueDecoder optional(Schema schema, org.apache.avro.Schema union) throws Unsupported {
        int nullIndex = nullBranch(union);
        if (!schema.isOptional()) {
            throw new Unsupported("a union read into a required schema");
        }
        int valueIndex = 1 - nullIndex;
        ValueDecoder present = present(schema, union.getTypes().get(valueIndex));
        return in -> {
            int index = in.readIndex();
            if (index == nullIndex) {
                return null;
            }
            if (index != valueIndex) {
                throw new AvroRuntimeException("Union branch " + index + " of a union of two");
            }
            return present.decode(in);
        };
    }

    /** A value that is not a union. */
    private static ValueDecoder present(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        String name = schema.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            expect(avro, org.apache.avro.Schema.Type.BYTES, name);
            // AvroData converts the whole array behind the buffer Avro read, which is exactly the bytes.
            return in -> Decimal.toLogical(schema, in.readBytes(null).array());
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            expect(avro, org.apache.avro.Schema.Type.INT, name);
            return in -> Date.toLogical(schema, in.readInt());
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            expect(avro, org.apache.avro.Schema.Type.INT, name);
            return in -> Time.toLogical(schema, in.readInt());
        }
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            expect(avro, org.apache.avro.Schema.Type.LONG, name);
            return in -> Timestamp.toLogical(schema, in.readLong());
        }
        return switch (schema.type()) {
            case INT8 -> {
                expect(avro, org.apache.avro.Schema.Type.INT, "int8");
                yield in -> (byte) in.readInt();
            }
            case INT16 -> {
                expect(avro, org.apache.avro.Schema.Type.INT, "int16");
                yield in -> (short) in.readInt();
            }
            case INT32 -> {
                expect(avro, org.apache.avro.Schema.Type.INT, "int32");
                yield Decoder::readInt;
            }
            case INT64 -> {
                expect(avro, org.apache.avro.Schema.Type.LONG, "int64");
                yield Decoder::readLong;
            }
            case FLOAT32 -> {
                expect(avro, org.apache.avro.Schema.Type.FLOAT, "float32");
                yield Decoder::readFloat;
            }
            case FLOAT64 -> {
                expect(avro, org.apache.avro.Schema.Type.DOUBLE, "float64");
                yield Decoder::readDouble;
            }
            case BOOLEAN -> {
                expect(avro, org.apache.avro.Schema.Type.BOOLEAN, "boolean");
                yield Decoder::readBoolean;
            }
            case STRING -> {
                if (hasParameter(schema, AVRO_ENUM) || hasParameter(schema, CONNECT_ENUM)) {
                    throw new Unsupported("an enum");
                }
                expect(avro, org.apache.avro.Schema.Type.STRING, "string");
                yield Decoder::readString;
            }
            case BYTES -> {
                if (hasParameter(schema, FIXED_SIZE)) {
                    throw new Unsupported("fixed bytes");
                }
                expect(avro, org.apache.avro.Schema.Type.BYTES, "bytes");
                // AvroData hands on the ByteBuffer Avro read.
                yield in -> in.readBytes(null);
            }
            case ARRAY -> array(schema, avro);
            case MAP -> schema.keySchema().type() == Schema.Type.STRING && !schema.keySchema().isOptional()
                    ? map(schema, avro) : mapFromEntries(schema, avro);
            case STRUCT -> struct(schema, avro);
        };
    }

    private static ValueDecoder array(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        expect(avro, org.apache.avro.Schema.Type.ARRAY, "array");
        ValueDecoder element = compile(schema.valueSchema(), avro.getElementType());
        return in -> {
            List<Object> items = new ArrayList<>();
            for (long block = in.readArrayStart(); block > 0; block = in.arrayNext()) {
                for (long i = 0; i < block; i++) {
                    items.add(element.decode(in));
                }
            }
            return items;
        };
    }

    /** An Avro map becomes a HashMap, as AvroData copies it. */
    private static ValueDecoder map(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        expect(avro, org.apache.avro.Schema.Type.MAP, "map");
        ValueDecoder value = compile(schema.valueSchema(), avro.getValueType());
        return in -> {
            Map<String, Object> map = new HashMap<>();
            for (long block = in.readMapStart(); block > 0; block = in.mapNext()) {
                for (long i = 0; i < block; i++) {
                    String key = in.readString();
                    map.put(key, value.decode(in));
                }
            }
            return map;
        };
    }

    /** Any other map is an Avro array of key/value records; it becomes a HashMap too. */
    private static ValueDecoder mapFromEntries(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        List<org.apache.avro.Schema.Field> fields = entryFields(avro);
        ValueDecoder key = compile(schema.keySchema(), fields.get(0).schema());
        ValueDecoder value = compile(schema.valueSchema(), fields.get(1).schema());
        return in -> {
            Map<Object, Object> map = new HashMap<>();
            for (long block = in.readArrayStart(); block > 0; block = in.arrayNext()) {
                for (long i = 0; i < block; i++) {
                    Object k = key.decode(in);
                    map.put(k, value.decode(in));
                }
            }
            return map;
        };
    }

    /**
     * An Avro record becomes a Struct of the Connect schema, each Avro field going to the Connect
     * field of its name. The values are of their fields' Java types by construction, so the Struct
     * is filled without {@code Struct.put}'s validation.
     */
    private static ValueDecoder struct(Schema schema, org.apache.avro.Schema avro) throws Unsupported {
        Field[] fields = recordFields(schema, avro);
        List<org.apache.avro.Schema.Field> avroFields = avro.getFields();
        int[] targets = new int[fields.length];
        ValueDecoder[] decoders = new ValueDecoder[fields.length];
        for (int i = 0; i < fields.length; i++) {
            targets[i] = fields[i].index();
            decoders[i] = compile(fields[i].schema(), avroFields.get(i).schema());
        }
        return in -> {
            Object[] values = new Object[targets.length];
            for (int i = 0; i < targets.length; i++) {
                values[targets[i]] = decoders[i].decode(in);
            }
            return UncheckedStructs.of(schema, values);
        };
    }
}
