package dev.ferry.source.snapshot;

import dev.ferry.contract.SnapshotEpoch;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Gives the rows of an initial snapshot whose table starts empty in the target the envelope schema
 * that names their epoch ({@link SnapshotEpoch}): the source block's connector name and snapshot
 * LSN. One marked schema is built per envelope schema and epoch, and reused for every row after.
 * Not thread-safe: one per task, used on its delivery thread.
 */
public final class SnapshotEpochMarks {

    private final Map<Schema, Marked> marked = new IdentityHashMap<>();

    private record Marked(Object name, Object lsn, Schema schema) {
    }

    /** {@code read} with its envelope in the marked schema. */
    public SourceRecord mark(SourceRecord read) {
        Struct envelope = mark((Struct) read.value());
        return read.newRecord(read.topic(), read.kafkaPartition(), read.keySchema(), read.key(), envelope.schema(),
                envelope, read.timestamp(), read.headers());
    }

    /** A copy of {@code envelope}, an initial-snapshot row or truncate, in the schema that names its epoch. */
    public Struct mark(Struct envelope) {
        Schema schema = markedSchema(envelope);
        Struct copy = new Struct(schema);
        List<Field> fields = schema.fields();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            Object value = envelope.getWithoutDefault(field.name());
            if (value != null) {
                copy.put(field, value);
            }
        }
        return copy;
    }

    private Schema markedSchema(Struct envelope) {
        Struct source = envelope.schema().field("source") == null ? null : envelope.getStruct("source");
        Object name = sourceField(source, "name");
        Object lsn = sourceField(source, "lsn");
        Marked known = marked.get(envelope.schema());
        if (known == null || !Objects.equals(known.name(), name) || !Objects.equals(known.lsn(), lsn)) {
            known = new Marked(name, lsn, SnapshotEpoch.mark(envelope.schema(), SnapshotEpoch.of(name, lsn)));
            marked.put(envelope.schema(), known);
        }
        return known.schema();
    }

    private static Object sourceField(Struct source, String name) {
        return source == null || source.schema().field(name) == null ? null : source.get(name);
    }
}
