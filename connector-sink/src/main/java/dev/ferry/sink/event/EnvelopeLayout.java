package dev.ferry.sink.event;

import dev.ferry.contract.DebeziumMetadataFields;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Where a Debezium envelope schema keeps its parts, looked up once per schema. Read by name, a
 * record took about twenty hash lookups before it reached its row (benchmarks/RESULTS.md,
 * "Deoptimization storms, and the applies…", the parser); through these fields a read is an array
 * access.
 *
 * @param sourceSchema the source block's {@code schema} field (PostgreSQL), or null
 * @param sourceDatabase the source block's {@code db} field (MySQL names its tables' database there), or null
 * @param rowFields the image's columns: its fields without Debezium's metadata ones
 */
record EnvelopeLayout(Field op, Field before, Field after, Field source, Field sourceSchema, Field sourceDatabase,
        Field sourceTable, Field sourceMillis, Field sourceSnapshot, List<Field> rowFields) {

    /** The layout of {@code schema}, or null when it is no envelope (a flattened row, Debezium's heartbeat). */
    static EnvelopeLayout of(Schema schema) {
        if (!isEnvelope(schema)) {
            return null;
        }
        Field op = schema.field("op");
        Field before = schema.field("before");
        Field after = schema.field("after");
        Field source = schema.field("source");
        Schema block = source == null ? null : source.schema();
        Schema image = after != null ? after.schema() : before.schema();
        return new EnvelopeLayout(op, before, after, source, field(block, "schema"), field(block, "db"),
                field(block, "table"), field(block, "ts_ms"), field(block, "snapshot"), columns(image));
    }

    /** Debezium's change envelope, as opposed to a flattened row ({@code ExtractNewRecordState}). */
    static boolean isEnvelope(Schema schema) {
        return schema.field("op") != null && (schema.field("after") != null || schema.field("before") != null);
    }

    /** A row schema's columns: its fields without Debezium's metadata ones. */
    static List<Field> columns(Schema row) {
        return row.fields().stream().filter(f -> !DebeziumMetadataFields.isMetadata(f.name())).toList();
    }

    private static Field field(Schema block, String name) {
        return block == null ? null : block.field(name);
    }
}
