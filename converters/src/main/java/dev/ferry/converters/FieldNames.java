package dev.ferry.converters;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * The field names of struct schemas, quoted and UTF-8 encoded once per schema object instead of
 * escaped character by character for every record: writing the names was a seventh of a source
 * task's thread on wide rows (benchmarks/RESULTS.md, "Field names encoded once"). Looked up by
 * identity, as Debezium reuses its schema objects; at most {@value #LIMIT} schemas are kept, and
 * all are forgotten when a new one would pass that. Not thread-safe: one {@link EnvelopeWriter}'s.
 */
final class FieldNames {

    static final int LIMIT = 256;

    private final Map<Schema, SerializedString[]> bySchema = new IdentityHashMap<>();

    /** The names of {@code struct}'s fields, in field order. */
    SerializedString[] of(Schema struct) {
        List<Field> fields = struct.fields();
        SerializedString[] names = bySchema.get(struct);
        // A SchemaBuilder passed as the schema could still gain fields: then its names are encoded again.
        if (names == null || names.length != fields.size()) {
            if (bySchema.size() >= LIMIT) {
                bySchema.clear();
            }
            names = new SerializedString[fields.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = new SerializedString(fields.get(i).name());
            }
            bySchema.put(struct, names);
        }
        return names;
    }

    int size() {
        return bySchema.size();
    }
}
