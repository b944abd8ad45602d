package dev.ferry.converters.avro;

import java.util.Map;
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
    static boolean isConnectUnion(Schema schema) {
        return "io.confluent.connect.avro.Union".equals(schema.name())
                || hasParameter(schema, "org.apache.kafka.connect.data.Union");
    }

    static boolean hasParameter(Schema schema, String parameter) {
        Map<String, String> parameters = schema.parameters();
        return parameters != null && parameters.containsKey(parameter);
    }

    static void expect(org.apache.avro.Schema avro, org.apache.avro.Schema.Type type, String what)
            throws Unsupported {
        if (avro.getType() != type) {
            throw new Unsupported(what + " as Avro " + avro.getType());
        }
    }
}
