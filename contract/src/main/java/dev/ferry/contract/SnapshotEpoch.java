package dev.ferry.contract;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Which initial snapshot a row belongs to, when its table must start empty in the target:
 * {@code <topic.prefix>@<snapshot LSN>}, a parameter of the envelope schema of the snapshot's rows
 * and of the truncate ahead of them.
 *
 * <p>The rows of one table spread over every partition of its topic, and a sink with several
 * tasks, or one task reading several partitions, applies them in no particular order; so the sink
 * empties the table once per epoch, with the first record of it that it applies, whatever its
 * partition, and records that in the target (see the sink's {@code SnapshotStartLedger}). A table
 * resumed after a crash mid-snapshot keeps Debezium's unmarked schema on its remaining rows: they
 * add to those delivered.
 *
 * <p>A schema parameter rather than a record header: every record of a schema shares it, so the
 * sink reads it once per schema, where a header was decoded and parsed by Connect for every row
 * (an eighth of a sink task's thread on snapshot rows in the benchmarks). Topics written by
 * earlier versions carry the epoch in the header {@link FerryHeaders#SNAPSHOT_EPOCH}, which the
 * sink still reads.
 */
public final class SnapshotEpoch {

    /** The envelope schema's parameter that holds the epoch. */
    public static final String SCHEMA_PARAMETER = "ferry.snapshot.epoch";

    private SnapshotEpoch() {
    }

    /** The epoch of a snapshot taken by {@code topicPrefix} at {@code snapshotLsn}. */
    public static String of(Object topicPrefix, Object snapshotLsn) {
        // Not a bare number: Connect's SimpleHeaderConverter read the header form back as one.
        return topicPrefix + "@" + snapshotLsn;
    }

    /** The epoch a record's value schema carries; null for any other schema. */
    public static String of(Schema valueSchema) {
        Map<String, String> parameters = valueSchema == null ? null : valueSchema.parameters();
        return parameters == null ? null : parameters.get(SCHEMA_PARAMETER);
    }

    /**
     * {@code envelope} with {@code epoch} among its parameters: the same name, version, doc and
     * fields (the very same field schemas, so the row, key and source structs of the original fit it).
     */
    public static Schema mark(Schema envelope, String epoch) {
        SchemaBuilder builder = SchemaBuilder.struct().name(envelope.name()).version(envelope.version())
                .doc(envelope.doc());
        if (envelope.isOptional()) {
            builder.optional();
        }
        Map<String, String> parameters = envelope.parameters() == null ? new HashMap<>()
                : new HashMap<>(envelope.parameters());
        parameters.put(SCHEMA_PARAMETER, epoch);
        builder.parameters(parameters);
        for (Field field : envelope.fields()) {
            builder.field(field.name(), field.schema());
        }
        return builder.build();
    }
}
