package dev.ferry.source.snapshot.chunked;

import dev.ferry.contract.UncheckedStructs;
import io.debezium.data.Envelope;
import java.time.Instant;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The {@code op=r} envelopes of one chunk's rows, equal to what {@link Envelope#read} builds, but
 * without {@link Struct#put} validating each row a second time. Debezium's value generator has
 * already validated the row field by field, and the source block is Debezium's; validating both
 * again for every row, as {@code Envelope.read} does when it puts them into the envelope, was a
 * tenth of a snapshot reader thread on wide rows (benchmarks/RESULTS.md, "Envelopes validated
 * once, one JSON generator per converter").
 */
final class ReadEnvelopes {

    private static final String READ = Envelope.Operation.READ.code();

    private final Schema schema;
    private final Object[] values;
    private final int after;
    private final int tsMs;
    private final int tsUs;
    private final int tsNs;

    /** Envelopes of {@code envelope}'s schema for rows that share {@code source}. */
    ReadEnvelopes(Envelope envelope, Struct source) {
        this.schema = envelope.schema();
        this.values = new Object[schema.fields().size()];
        values[index(Envelope.FieldName.OPERATION)] = READ;
        values[index(Envelope.FieldName.SOURCE)] = source;
        this.after = index(Envelope.FieldName.AFTER);
        this.tsMs = index(Envelope.FieldName.TIMESTAMP);
        this.tsUs = index(Envelope.FieldName.TIMESTAMP_US);
        this.tsNs = index(Envelope.FieldName.TIMESTAMP_NS);
    }

    private int index(String field) {
        Field found = schema.field(field);
        if (found == null) {
            throw new IllegalStateException("Debezium's envelope schema " + schema.name() + " has no field " + field);
        }
        return found.index();
    }

    /** The envelope of {@code row}, a value of the envelope's {@code after} schema, read at {@code timestamp}. */
    Struct read(Struct row, Instant timestamp) {
        long seconds = timestamp.getEpochSecond();
        int nanos = timestamp.getNano();
        values[after] = row;
        values[tsMs] = timestamp.toEpochMilli();
        values[tsUs] = seconds * 1_000_000L + nanos / 1_000;
        values[tsNs] = seconds * 1_000_000_000L + nanos;
        return UncheckedStructs.of(schema, values);
    }
}
