package dev.ferry.converters;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Builds the Structs {@link StreamingJsonToConnect} reads without {@link Struct#put}'s
 * validation. That reader only yields values of the Java type their schema asks for (anything
 * else goes to Kafka's rules instead), so validating each one again, and every nested Struct
 * once more when it is put into its parent, only repeats the work: it was 12 % of a sink task's
 * thread plus the name hashing it does (benchmarks/RESULTS.md, "The apply path with bulk loads").
 * The values go straight into the Struct's own array; should a Kafka release rename that field,
 * the Structs are built with {@code put} again (ReadStructsTest notices).
 */
final class ReadStructs {

    /** {@code Struct.values}, or null where this Kafka has no such field. */
    private static final VarHandle VALUES = valuesField();

    private ReadStructs() {
    }

    private static VarHandle valuesField() {
        try {
            return MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether Structs are filled without validation on this Kafka. */
    static boolean unchecked() {
        return VALUES != null;
    }

    /** A Struct of {@code schema} holding {@code values}, one per field in field order, each valid for its field. */
    static Struct of(Schema schema, Object[] values) {
        Struct struct = new Struct(schema);
        if (VALUES != null) {
            Object[] own = (Object[]) VALUES.get(struct);
            if (own.length == values.length) {
                System.arraycopy(values, 0, own, 0, values.length);
                return struct;
            }
        }
        for (Field field : schema.fields()) {
            struct.put(field, values[field.index()]);
        }
        return struct;
    }
}
