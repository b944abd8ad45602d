package dev.ferry.source.snapshot;

import dev.ferry.contract.SnapshotEpoch;
import dev.ferry.contract.UncheckedStructs;
import io.debezium.data.Envelope;
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
 * Thread-safe: Ferry's snapshot readers ask for a chunk's envelope each.
 */
public final class SnapshotEpochMarks {

    private final Map<Schema, Marked> marked = new IdentityHashMap<>();

    private record Marked(Object name, Object lsn, Envelope envelope) {
    }

    /**
     * Debezium's {@code envelope} for rows with this {@code source} block, in the schema that names
     * their epoch. Rows built with it need no copy, and no second validation of their structs.
     */
    public synchronized Envelope envelope(Envelope envelope, Struct source) {
        return marked(envelope.schema(), source).envelope();
    }

    /** {@code read} with its envelope in the marked schema. */
    public SourceRecord mark(SourceRecord read) {
        Struct envelope = mark((Struct) read.value());
        return read.newRecord(read.topic(), read.kafkaPartition(), read.keySchema(), read.key(), envelope.schema(),
                envelope, read.timestamp(), read.headers());
    }

    /**
     * A copy of {@code envelope}, an initial-snapshot row that Debezium built and validated, in
     * the schema that names its epoch: the same fields, so its values are taken over as they are.
     */
    private Struct mark(Struct envelope) {
        Struct source = envelope.schema().field("source") == null ? null : envelope.getStruct("source");
        Schema schema;
        synchronized (this) {
            schema = marked(envelope.schema(), source).envelope().schema();
        }
        List<Field> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = envelope.getWithoutDefault(fields.get(i).name());
        }
        return UncheckedStructs.of(schema, values);
    }

    private Marked marked(Schema envelope, Struct source) {
        Object name = sourceField(source, "name");
        Object lsn = sourceField(source, "lsn");
        Marked known = marked.get(envelope);
        if (known == null || !Objects.equals(known.name(), name) || !Objects.equals(known.lsn(), lsn)) {
            Schema schema = SnapshotEpoch.mark(envelope, SnapshotEpoch.of(name, lsn));
            known = new Marked(name, lsn, Envelope.fromSchema(schema));
            marked.put(envelope, known);
        }
        return known;
    }

    private static Object sourceField(Struct source, String name) {
        return source == null || source.schema().field(name) == null ? null : source.get(name);
    }
}
