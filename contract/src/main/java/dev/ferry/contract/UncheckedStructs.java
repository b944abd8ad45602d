package dev.ferry.contract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Builds Structs without {@link Struct#put}'s validation, for code that only ever holds values of
 * the Java type their schema asks for: the sink's JSON reader, and the source's snapshot readers
 * wrapping rows Debezium has already validated field by field into their envelopes. Validating
 * each value again, and every nested Struct once more when it is put into its parent, only repeats
 * the work: it was 12 % of a sink task's thread (benchmarks/RESULTS.md, "The apply path with bulk
 * loads") and a tenth of a snapshot reader's ("Envelopes validated once, one JSON generator per
 * converter").
 * The values go straight into the Struct's own array; should a Kafka release rename that field,
 * the Structs are built with {@code put} again (UncheckedStructsTest notices).
 */
public final class UncheckedStructs {

    /** {@code Struct.values}, or null where this Kafka has no such field. */
    private static final VarHandle VALUES = valuesField();

    private UncheckedStructs() {
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
    public static boolean unchecked() {
        return VALUES != null;
    }

    /**
     * A Struct of {@code schema} holding {@code values}, one per field in field order, each valid
     * for its field. The array is copied; the caller may reuse it.
     */
    public static Struct of(Schema schema, Object[] values) {
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
