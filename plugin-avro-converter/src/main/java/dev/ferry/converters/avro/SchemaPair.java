package dev.ferry.converters.avro;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * What {@link DirectAvroEncoder} and {@link DirectAvroDecoder} check as they walk a Connect schema
 * beside the Avro schema Apicurio's {@code AvroData} pairs with it: both handle only the shapes
 * they treat exactly as {@code AvroData} does, and leave the rest to it.
 */
final class SchemaPair {

    static final String AVRO_ENUM = "io.confluent.connect.avro.Enum";
    static final String CONNECT_ENUM = "org.apache.kafka.connect.data.Enum";
    static final String FIXED_SIZE = "connect.fixed.size";

    /** A schema with something the direct encoder or decoder does not treat exactly as AvroData does. */
    static final class Unsupported extends Exception {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private SchemaPair() {
    }

    /** A Connect union (a struct with one field per branch), which AvroData maps to an Avro union. */
    private static boolean isConnectUnion(Schema schema) {
        return "io.confluent.connect.avro.Union".equals(schema.name())
                || hasParameter(schema, "org.apache.kafka.connect.data.Union");
    }

    static boolean hasParameter(Schema schema, String parameter) {
        Map<String, String> parameters = schema.parameters();
        return parameters != null && parameters.containsKey(parameter);
    }

    /** The index of the null branch of a {@code [null, T]} or {@code [T, null]} union. */
    static int nullBranch(org.apache.avro.Schema union) throws Unsupported {
        List<org.apache.avro.Schema> branches = union.getTypes();
        if (branches.size() != 2) {
            throw new Unsupported("a union of " + branches.size() + " types");
        }
        for (int i = 0; i < 2; i++) {
            if (branches.get(i).getType() == org.apache.avro.Schema.Type.NULL) {
                return i;
            }
        }
        throw new Unsupported("a union without null");
    }

    /** The struct's fields in the order of the Avro record's fields, paired by name. */
    static Field[] recordFields(Schema struct, org.apache.avro.Schema avro) throws Unsupported {
        if (isConnectUnion(struct)) {
            throw new Unsupported("a Connect union");
        }
        expect(avro, org.apache.avro.Schema.Type.RECORD, "struct");
        List<org.apache.avro.Schema.Field> avroFields = avro.getFields();
        if (avroFields.size() != struct.fields().size()) {
            throw new Unsupported("a record with other fields than its struct");
        }
        Field[] fields = new Field[avroFields.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = struct.field(avroFields.get(i).name());
            if (fields[i] == null) {
                throw new Unsupported("a field " + avroFields.get(i).name() + " named otherwise in its struct");
            }
        }
        return fields;
    }

    /**
     * The key and value fields of the entries of a map whose keys are not required strings:
     * AvroData makes it an Avro array of {key, value} records.
     */
    static List<org.apache.avro.Schema.Field> entryFields(org.apache.avro.Schema avro) throws Unsupported {
        expect(avro, org.apache.avro.Schema.Type.ARRAY, "map entries");
        org.apache.avro.Schema entry = avro.getElementType();
        expect(entry, org.apache.avro.Schema.Type.RECORD, "map entry");
        List<org.apache.avro.Schema.Field> fields = entry.getFields();
        if (fields.size() != 2 || !fields.get(0).name().equals("key") || !fields.get(1).name().equals("value")) {
            throw new Unsupported("a map entry record other than {key, value}");
        }
        return fields;
    }

    static void expect(org.apache.avro.Schema avro, org.apache.avro.Schema.Type type, String what)
            throws Unsupported {
        if (avro.getType() != type) {
            throw new Unsupported(what + " as Avro " + avro.getType());
        }
    }
}
