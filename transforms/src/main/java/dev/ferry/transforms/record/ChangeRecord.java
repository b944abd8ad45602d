package dev.ferry.transforms.record;

import dev.ferry.contract.structure.StructureRecords;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * What a transform needs to know about a record: its shape, the table it belongs to and the
 * operation. Envelopes name their table in the {@code source} block; flattened records and
 * tombstones only through the topic {@code <prefix>.<schema>.<table>}.
 */
public final class ChangeRecord {

    public static final String OP_CREATE = "c";
    public static final String OP_READ = "r";
    public static final String OP_UPDATE = "u";
    public static final String OP_DELETE = "d";
    public static final String OP_TRUNCATE = "t";

    private final Shape shape;
    private final TableRef table;
    private final Struct value;

    private ChangeRecord(Shape shape, TableRef table, Struct value) {
        this.shape = shape;
        this.table = table;
        this.value = value;
    }

    public static ChangeRecord of(ConnectRecord<?> record, String transform) {
        Object value = record.value();
        if (value == null) {
            if (record.key() == null) {
                return new ChangeRecord(Shape.PASS_THROUGH, null, null);
            }
            return classified(Shape.TOMBSTONE, topicTable(record.topic()), null);
        }
        if (!(value instanceof Struct struct)) {
            throw new DataException(transform + " needs records with schemas (JsonConverter with schemas.enable=true, "
                    + "or Avro); the record on topic " + record.topic() + " has a " + value.getClass().getSimpleName());
        }
        Schema schema = struct.schema();
        if (StructureRecords.isStructure(struct)) {
            return classified(Shape.SCHEMA_RECORD, new TableRef(struct.getString("schema"), struct.getString("table")),
                    struct);
        }
        if (isPassThrough(schema)) {
            return new ChangeRecord(Shape.PASS_THROUGH, null, struct);
        }
        if (schema.field("op") != null && (schema.field("after") != null || schema.field("before") != null)) {
            String op = struct.getString("op");
            if (op == null || "m".equals(op)) {
                return new ChangeRecord(Shape.PASS_THROUGH, null, struct);
            }
            return classified(Shape.ENVELOPE, sourceTable(record.topic(), struct), struct);
        }
        return classified(Shape.FLATTENED, topicTable(record.topic()), struct);
    }

    private static ChangeRecord classified(Shape shape, TableRef table, Struct value) {
        if (table == null || table.isFerryOwned()) {
            return new ChangeRecord(Shape.PASS_THROUGH, table, value);
        }
        return new ChangeRecord(shape, table, value);
    }

    /** Heartbeats, schema-change events and transaction markers carry no row of a table. */
    private static boolean isPassThrough(Schema schema) {
        String name = schema.name() == null ? "" : schema.name();
        if (name.endsWith(".SchemaChangeValue") || name.endsWith(".TransactionMetadataValue")
                || name.endsWith(".Heartbeat")) {
            return true;
        }
        if (schema.field("ddl") != null || schema.field("tableChanges") != null) {
            return true;
        }
        return schema.fields().size() == 1 && schema.field("ts_ms") != null;
    }

    private static TableRef sourceTable(String topic, Struct envelope) {
        Schema schema = envelope.schema();
        Struct source = schema.field("source") == null ? null : envelope.getStruct("source");
        if (source != null && source.schema().field("table") != null && source.get("table") != null) {
            String sourceSchema = source.schema().field("schema") != null ? (String) source.get("schema") : null;
            if (sourceSchema == null && source.schema().field("db") != null) {
                sourceSchema = (String) source.get("db");
            }
            return new TableRef(sourceSchema, source.getString("table"));
        }
        return topicTable(topic);
    }

    /** {@code prefix.schema.table} → (schema, table); {@code schema.table} and {@code table} likewise. */
    public static TableRef topicTable(String topic) {
        String[] parts = topic.split("\\.");
        if (parts.length >= 2) {
            return new TableRef(parts[parts.length - 2], parts[parts.length - 1]);
        }
        return new TableRef(null, parts[0]);
    }

    public Shape shape() {
        return shape;
    }

    public TableRef table() {
        return table;
    }

    public Struct value() {
        return value;
    }

    /** The envelope's {@code op}, or for a flattened row its {@code __op} field (null when absent). */
    public String op() {
        return switch (shape) {
            case ENVELOPE -> value.getString("op");
            case FLATTENED -> value.schema().field("__op") == null ? null : (String) value.get("__op");
            case TOMBSTONE -> OP_DELETE;
            case PASS_THROUGH, SCHEMA_RECORD -> null;
        };
    }

    /** A flattened row that stands for a delete ({@code __deleted=true} or {@code __op=d}). */
    public boolean isFlattenedDelete() {
        if (shape != Shape.FLATTENED) {
            return false;
        }
        Schema schema = value.schema();
        if (schema.field("__deleted") != null && "true".equals(String.valueOf(value.get("__deleted")))) {
            return true;
        }
        return OP_DELETE.equals(op());
    }

    public Struct before() {
        return shape == Shape.ENVELOPE && value.schema().field("before") != null ? value.getStruct("before") : null;
    }

    public Struct after() {
        return shape == Shape.ENVELOPE && value.schema().field("after") != null ? value.getStruct("after") : null;
    }
}
