package dev.ferry.source.toast;

import dev.ferry.contract.FerryHeaders;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Keeps Debezium's "unchanged TOAST value" placeholder out of Kafka.
 *
 * <p>PostgreSQL does not resend a large (TOASTed) value that an UPDATE left alone. With REPLICA
 * IDENTITY FULL the before-image still holds it, so the filler copies it into the after-image.
 * Without a before-image the value is unknown: the filler sets the column to null (making the
 * row schema's fields optional if needed) and lists the column in the
 * {@value FerryHeaders#UNCHANGED_COLUMNS} header as a JSON array, meaning "leave this column as it is
 * in the target".
 */
public final class UnchangedToastFiller {

    private final UnavailableValuePlaceholder placeholder;
    private final Map<Schema, Schema> relaxedEnvelopes = new IdentityHashMap<>();

    public UnchangedToastFiller(String placeholder) {
        this.placeholder = new UnavailableValuePlaceholder(placeholder);
    }

    public SourceRecord fill(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("after") == null
                || isReadOrInsert(envelope)) {
            return record;
        }
        Struct after = envelope.getStruct("after");
        if (after == null) {
            return record;
        }
        Struct before = envelope.schema().field("before") == null ? null : envelope.getStruct("before");
        List<String> unknown = null;
        for (Field field : after.schema().fields()) {
            if (!placeholder.matches(after.get(field))) {
                continue;
            }
            Object prior = before == null ? null : before.get(field.name());
            if (prior != null && !placeholder.matches(prior)) {
                after.put(field, prior);
            } else {
                if (unknown == null) {
                    unknown = new ArrayList<>();
                }
                unknown.add(field.name());
            }
        }
        return unknown == null ? record : withUnknownColumns(record, envelope, unknown);
    }

    /** Only an UPDATE leaves a TOAST value out; snapshot reads and inserts carry every value. */
    private static boolean isReadOrInsert(Struct envelope) {
        Object op = envelope.schema().field("op") == null ? null : envelope.get("op");
        return "r".equals(op) || "c".equals(op);
    }

    private SourceRecord withUnknownColumns(SourceRecord record, Struct envelope, List<String> unknown) {
        Schema relaxed = relaxedEnvelopes.computeIfAbsent(envelope.schema(), UnchangedToastFiller::relaxEnvelope);
        Struct copy = new Struct(relaxed);
        for (Field field : relaxed.fields()) {
            Object value = envelope.get(field.name());
            if (value instanceof Struct row && ("before".equals(field.name()) || "after".equals(field.name()))) {
                Struct rowCopy = new Struct(field.schema());
                for (Field column : field.schema().fields()) {
                    Object columnValue = row.get(column.name());
                    boolean unknownValue = "after".equals(field.name()) && unknown.contains(column.name());
                    rowCopy.put(column, unknownValue ? null : columnValue);
                }
                value = rowCopy;
            }
            copy.put(field, value);
        }
        ConnectHeaders headers = new ConnectHeaders(record.headers());
        headers.addString(FerryHeaders.UNCHANGED_COLUMNS, FerryHeaders.encodeColumns(unknown));
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), relaxed,
                copy, record.timestamp(), headers);
    }

    /** The envelope schema with every column of before/after optional, so an unknown value can be null. */
    private static Schema relaxEnvelope(Schema envelope) {
        SchemaBuilder builder = copyBasics(envelope, SchemaBuilder.struct());
        for (Field field : envelope.fields()) {
            boolean row = "before".equals(field.name()) || "after".equals(field.name());
            builder.field(field.name(), row ? relaxRow(field.schema()) : field.schema());
        }
        return builder.build();
    }

    private static Schema relaxRow(Schema row) {
        SchemaBuilder builder = copyBasics(row, SchemaBuilder.struct()).optional();
        for (Field column : row.fields()) {
            builder.field(column.name(), optional(column.schema()));
        }
        return builder.build();
    }

    private static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder builder = switch (schema.type()) {
            case ARRAY -> SchemaBuilder.array(schema.valueSchema());
            case MAP -> SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
            case STRUCT -> {
                SchemaBuilder struct = SchemaBuilder.struct();
                schema.fields().forEach(f -> struct.field(f.name(), f.schema()));
                yield struct;
            }
            default -> SchemaBuilder.type(schema.type());
        };
        return copyBasics(schema, builder).optional().build();
    }

    private static SchemaBuilder copyBasics(Schema source, SchemaBuilder target) {
        target.name(source.name());
        if (source.version() != null) {
            target.version(source.version());
        }
        if (source.doc() != null) {
            target.doc(source.doc());
        }
        if (source.parameters() != null && !source.parameters().isEmpty()) {
            target.parameters(source.parameters());
        }
        if (source.isOptional()) {
            target.optional();
        }
        return target;
    }
}
