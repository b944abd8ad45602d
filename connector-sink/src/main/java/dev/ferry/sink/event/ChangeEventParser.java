package dev.ferry.sink.event;

import dev.ferry.contract.DebeziumDefaults;
import dev.ferry.contract.DebeziumMetadataFields;
import dev.ferry.contract.FerryHeaders;
import dev.ferry.sink.config.SinkConfig.PrimaryKeyMode;
import dev.ferry.sink.config.SinkConfig;
import dev.ferry.sink.config.SinkConfigurationError;
import dev.ferry.sink.dialect.JdbcValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads Debezium envelope records (from Ferry's source or a stock Debezium connector) and
 * flattened records (after {@code ExtractNewRecordState}, tombstones meaning delete) into
 * {@link ChangeEvent}s.
 */
public final class ChangeEventParser {

    private final PrimaryKeyMode keyMode;
    private final List<String> keyFields;
    private final String heartbeatTable;
    private final String placeholder;
    private final byte[] placeholderBytes;

    public ChangeEventParser(SinkConfig config) {
        this.keyMode = config.primaryKeyMode();
        this.keyFields = config.primaryKeyFields();
        this.heartbeatTable = config.heartbeatTableName();
        this.placeholder = config.unavailableValuePlaceholder();
        this.placeholderBytes = placeholder.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Per topic partition, the key of the last envelope delete (kept until its tombstone, one
     * entry a partition, and touched only by deletes). Debezium follows an {@code op=d} event with
     * a tombstone of the same key, for log compaction only; applied as a second delete
     * it could remove a row that another row's key change moved onto that key in between. A
     * tombstone without such a delete before it (flattened streams) is a delete.
     */
    private final Map<String, Object> lastEnvelopeDeleteKey = new HashMap<>();

    /**
     * Envelope layouts by schema instance (converters hand out one instance per distinct schema),
     * the last one first. Cleared when full: a converter making a new schema for every record only
     * costs each record the lookups by name it would have taken anyway.
     */
    private final Map<Schema, EnvelopeLayout> layouts = new IdentityHashMap<>();
    private Schema lastSchema;
    private EnvelopeLayout lastLayout;

    /** The columns of the last flattened row schema (by instance). */
    private Schema lastRowSchema;
    private List<Field> lastRowColumns;

    /** The key columns of the last key schema (by instance); see {@link #keyColumns}. */
    private Schema lastKeySchema;
    private List<String> lastKeyColumns;
    /** The fields of the last key columns in the last image schema (null where the image lacks one). */
    private Schema lastImageSchema;
    private List<String> lastImageKeyColumns;
    private Field[] lastImageKeyFields;

    public ChangeEvent parse(SinkRecord record) {
        Object value = record.value();
        if (value == null) {
            return tombstone(record);
        }
        if (!(value instanceof Struct struct)) {
            throw new DataException("record at " + position(record) + " has no schema; Ferry's sink needs records "
                    + "with schemas (JsonConverter with schemas.enable=true, or Avro)");
        }
        Schema schema = struct.schema();
        EnvelopeLayout layout = layout(schema);
        if (layout != null) {
            return envelope(record, struct, layout);
        }
        if (schema.field("after") == null && schema.fields().size() == 1 && schema.field("ts_ms") != null) {
            // Debezium's own heartbeat topic: nothing to write.
            return skip(record);
        }
        return flattened(record, struct);
    }

    /**
     * Whether {@code record} brings a row the source says is new: a snapshot read or an insert
     * ({@code op} {@code r} or {@code c} of an envelope, or a flattened row's {@code __op}).
     */
    public static boolean insertsRow(SinkRecord record) {
        if (!(record.value() instanceof Struct value)) {
            return false;
        }
        Schema schema = value.schema();
        Field op = schema.field(EnvelopeLayout.isEnvelope(schema) ? "op" : "__op");
        if (op == null || op.schema().type() != Schema.Type.STRING) {
            return false;
        }
        Object code = value.get(op);
        return "c".equals(code) || "r".equals(code);
    }

    private EnvelopeLayout layout(Schema schema) {
        if (schema == lastSchema) {
            return lastLayout;
        }
        EnvelopeLayout layout = layouts.get(schema);
        if (layout == null) {
            layout = EnvelopeLayout.of(schema);
            if (layout == null) {
                return null;
            }
            if (layouts.size() >= 1000) {
                layouts.clear();
            }
            layouts.put(schema, layout);
        }
        lastSchema = schema;
        lastLayout = layout;
        return layout;
    }

    private ChangeEvent envelope(SinkRecord record, Struct envelope, EnvelopeLayout layout) {
        if (!(envelope.get(layout.op()) instanceof String op)) {
            throw new DataException("record at " + position(record) + " has no string 'op' in its envelope");
        }
        if ("d".equals(op)) {
            lastEnvelopeDeleteKey.put(partitionOf(record), record.key());
        }
        Struct source = layout.source() == null ? null : (Struct) envelope.get(layout.source());
        TableId table = sourceTable(record, source, layout);
        boolean snapshot = "r".equals(op);
        Object millis = source == null || layout.sourceMillis() == null ? null : source.get(layout.sourceMillis());
        if (millis != null && !(millis instanceof Long)) {
            throw new DataException("record at " + position(record) + " has a source." + layout.sourceMillis().name()
                    + " of type " + layout.sourceMillis().schema().type() + "; Ferry's sink needs an int64 there");
        }
        long sourceTs = millis == null ? -1 : (Long) millis;
        Struct before = layout.before() == null ? null : (Struct) envelope.get(layout.before());
        Struct after = layout.after() == null ? null : (Struct) envelope.get(layout.after());
        switch (op) {
            case "c", "r", "u" -> {
                if (after == null) {
                    throw new DataException("'" + op + "' event for " + table + " at " + position(record)
                            + " has no after-image");
                }
                List<String> keyColumns = keyColumns(record, after);
                List<Object> key = keyValues(record, keyColumns, after, true);
                List<Object> oldKey = "u".equals(op) && before != null ? keyValues(record, keyColumns, before, false) : null;
                ChangeEvent upsert = upsert(record, table, snapshot, keyColumns, key, oldKey, after, layout.rowFields(),
                        before, sourceTs);
                return table.table().equals(heartbeatTable) ? heartbeat(upsert, after) : upsert;
            }
            case "d" -> {
                if (table.table().equals(heartbeatTable)) {
                    return skip(record);
                }
                List<String> keyColumns = keyColumns(record, before);
                // Only a key change's departure carries its before-image on: the buffer compares it with
                // a row moved onto the key meanwhile. A plain delete deletes whatever holds the key.
                boolean departure = record.headers().lastWithName(DebeziumDefaults.NEW_KEY_HEADER) != null;
                return new ChangeEvent(record, table, ChangeEvent.Kind.DELETE, false, keyColumns,
                        keyValues(record, keyColumns, before, true), null, null,
                        before == null ? null : before.schema(), Set.of(), sourceTs, -1,
                        departure ? imageValues(before) : null);
            }
            case "t" -> {
                // Ferry's source truncates ahead of each table's snapshot; such a truncate keeps the snapshot flag.
                Object flag = source == null || layout.sourceSnapshot() == null ? null : source.get(layout.sourceSnapshot());
                boolean snapshotStart = flag != null && !"false".equals(String.valueOf(flag));
                return new ChangeEvent(record, table, ChangeEvent.Kind.TRUNCATE, snapshotStart, List.of(), List.of(),
                        null, null, null, Set.of(), sourceTs, -1);
            }
            default -> {
                return skip(record);
            }
        }
    }

    private ChangeEvent flattened(SinkRecord record, Struct row) {
        TableId table = flattenedTable(record, row);
        List<String> keyColumns = keyColumns(record, row);
        boolean deleted = row.schema().field("__deleted") != null && "true".equals(String.valueOf(row.get("__deleted")));
        String op = row.schema().field("__op") != null ? String.valueOf(row.get("__op")) : null;
        if (deleted || "d".equals(op)) {
            return new ChangeEvent(record, table, ChangeEvent.Kind.DELETE, false, keyColumns,
                    keyValues(record, keyColumns, row, true), null, null, row.schema(), Set.of(), -1, -1);
        }
        if (row.schema() != lastRowSchema) {
            lastRowColumns = EnvelopeLayout.columns(row.schema());
            lastRowSchema = row.schema();
        }
        ChangeEvent upsert = upsert(record, table, "r".equals(op), keyColumns, keyValues(record, keyColumns, row, true),
                null, row, lastRowColumns, null, -1);
        return table.table().equals(heartbeatTable) ? heartbeat(upsert, row) : upsert;
    }

    private ChangeEvent tombstone(SinkRecord record) {
        if (!(record.key() instanceof Struct key)) {
            throw new DataException("tombstone at " + position(record) + " has no key struct to delete by");
        }
        if (key.equals(lastEnvelopeDeleteKey.remove(partitionOf(record)))) {
            return skip(record);
        }
        requireFields(record, key.schema(), "key");
        TableId table = topicTable(record);
        if (table.table().equals(heartbeatTable)) {
            return skip(record);
        }
        List<String> keyColumns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Field field : key.schema().fields()) {
            if (keyFields.isEmpty() || keyFields.contains(field.name())) {
                keyColumns.add(field.name());
                values.add(JdbcValues.normalize(key.get(field), field.schema()));
            }
        }
        return new ChangeEvent(record, table, ChangeEvent.Kind.DELETE, false, keyColumns, values, null, null, null,
                Set.of(), -1, -1);
    }

    /**
     * An upsert of the after-image. A placeholder for an unchanged TOAST value is replaced by the
     * before-image's value when there is one (stock Debezium with REPLICA IDENTITY FULL);
     * otherwise the column is marked unchanged.
     */
    private ChangeEvent upsert(SinkRecord record, TableId table, boolean snapshot, List<String> keyColumns,
            List<Object> key, List<Object> oldKey, Struct after, List<Field> columns, Struct before, long sourceTs) {
        List<String> namedUnchanged = headerColumns(record);
        if (namedUnchanged.isEmpty() && !hasPlaceholder(after, columns)) {
            return new ChangeEvent(record, table, ChangeEvent.Kind.UPSERT, snapshot, keyColumns, key, oldKey,
                    new ImageRow(after, columns), after.schema(), Set.of(), sourceTs, -1,
                    changesKey(oldKey, key) ? imageValues(before) : null);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        Set<String> unchanged = new LinkedHashSet<>(namedUnchanged);
        for (Field field : columns) {
            Object value = after.get(field);
            if (isPlaceholder(value)) {
                Object prior = before == null || before.schema().field(field.name()) == null ? null
                        : before.get(field.name());
                if (prior != null && !isPlaceholder(prior)) {
                    value = prior;
                } else {
                    unchanged.add(field.name());
                }
            }
            row.put(field.name(), value);
        }
        unchanged.removeAll(keyColumns);
        return new ChangeEvent(record, table, ChangeEvent.Kind.UPSERT, snapshot, keyColumns, key, oldKey, row,
                after.schema(), unchanged, sourceTs, -1, changesKey(oldKey, key) ? imageValues(before) : null);
    }

    /** The upsert of a heartbeat row, marked as a heartbeat and carrying the source's clock. */
    private static ChangeEvent heartbeat(ChangeEvent upsert, Struct row) {
        long millis = -1;
        if (row.schema().field("ts") != null && row.get("ts") != null) {
            Object ts = row.get("ts");
            if (ts instanceof String text) {
                try {
                    millis = OffsetDateTime.parse(text).toInstant().toEpochMilli();
                } catch (DateTimeParseException ignored) {
                    millis = -1;
                }
            } else if (ts instanceof java.util.Date date) {
                millis = date.getTime();
            }
        }
        return new ChangeEvent(upsert.record(), upsert.source(), ChangeEvent.Kind.HEARTBEAT, false,
                upsert.keyColumns(), upsert.key(), null, upsert.row(), upsert.rowSchema(), upsert.unchangedColumns(),
                upsert.sourceTimestampMillis(), millis);
    }

    private ChangeEvent skip(SinkRecord record) {
        return new ChangeEvent(record, topicTable(record), ChangeEvent.Kind.SKIP, false, List.of(), List.of(), null,
                null, null, Set.of(), -1, -1);
    }

    private List<String> keyColumns(SinkRecord record, Struct image) {
        if (keyMode == PrimaryKeyMode.RECORD_VALUE) {
            if (keyFields.isEmpty()) {
                throw new SinkConfigurationError("primary.key.mode=record_value needs primary.key.fields");
            }
            if (image != null) {
                requireFields(record, image.schema(), "value");
            }
            return keyFields;
        }
        if (!(record.key() instanceof Struct key)) {
            throw new DataException("record at " + position(record) + " has no key struct; its table needs a "
                    + "primary key, or set primary.key.mode=record_value with primary.key.fields");
        }
        if (key.schema() == lastKeySchema) {
            return lastKeyColumns;
        }
        requireFields(record, key.schema(), "key");
        List<String> columns = new ArrayList<>();
        for (Field field : key.schema().fields()) {
            if (keyFields.isEmpty() || keyFields.contains(field.name())) {
                columns.add(field.name());
            }
        }
        lastKeySchema = key.schema();
        lastKeyColumns = List.copyOf(columns);
        return lastKeyColumns;
    }

    /** Every primary.key.fields entry must name a field; a typo would otherwise key rows by fewer columns. */
    private void requireFields(SinkRecord record, Schema schema, String where) {
        for (String name : keyFields) {
            if (schema.field(name) == null) {
                throw new SinkConfigurationError("primary.key.fields entry '" + name + "' names no field of the record "
                        + where + " of " + record.topic() + " (fields: " + schema.fields().stream().map(Field::name).toList()
                        + "); fix primary.key.fields");
            }
        }
    }

    /**
     * Key values: from the image when it has the columns, else (deletes without image) from the
     * record key; as JDBC binds them (a date key as a date, not as Debezium's day count), since
     * deletes bind keys without their schema.
     */
    private List<Object> keyValues(SinkRecord record, List<String> columns, Struct image, boolean fallBackToKey) {
        Field[] inImage = image == null ? null : keyFieldsOf(image.schema(), columns);
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            Field field;
            Object value;
            if (inImage != null && inImage[i] != null) {
                field = inImage[i];
                value = image.get(field);
            } else if (fallBackToKey && record.key() instanceof Struct key && key.schema().field(column) != null) {
                field = key.schema().field(column);
                value = key.get(field);
            } else {
                throw new DataException("key column '" + column + "' is missing from the record at " + position(record));
            }
            values.add(JdbcValues.normalize(value, field.schema()));
        }
        return values;
    }

    /** The fields of {@code columns} in {@code schema}, null for a column it lacks; the last answer is kept. */
    private Field[] keyFieldsOf(Schema schema, List<String> columns) {
        if (schema != lastImageSchema || columns != lastImageKeyColumns) {
            Field[] fields = new Field[columns.size()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = schema.field(columns.get(i));
            }
            lastImageSchema = schema;
            lastImageKeyColumns = columns;
            lastImageKeyFields = fields;
        }
        return lastImageKeyFields;
    }

    /** Only a key-changing update needs its before-image as values (the buffer compares them); others skip the copy. */
    private static boolean changesKey(List<Object> oldKey, List<Object> key) {
        return oldKey != null && !KeyValues.of(oldKey).equals(KeyValues.of(key));
    }

    /** A before-image as column values (byte buffers as arrays), or null without one. */
    private Map<String, Object> imageValues(Struct image) {
        if (image == null) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : image.schema().fields()) {
            Object value = image.get(field);
            if (!DebeziumMetadataFields.isMetadata(field.name()) && !isPlaceholder(value)) {
                values.put(field.name(), normalizeKey(value));
            }
        }
        return values;
    }

    private static Object normalizeKey(Object value) {
        return value instanceof ByteBuffer buffer ? toBytes(buffer) : value;
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private boolean hasPlaceholder(Struct image, List<Field> columns) {
        for (Field field : columns) {
            if (isPlaceholder(image.get(field))) {
                return true;
            }
        }
        return false;
    }

    private boolean isPlaceholder(Object value) {
        if (value instanceof String s) {
            return s.equals(placeholder);
        }
        if (value instanceof byte[] bytes) {
            return Arrays.equals(bytes, placeholderBytes);
        }
        if (value instanceof ByteBuffer buffer) {
            return Arrays.equals(toBytes(buffer), placeholderBytes);
        }
        if (value instanceof List<?> list && list.size() == 1) {
            return isPlaceholder(list.get(0));
        }
        return false;
    }

    private static List<String> headerColumns(SinkRecord record) {
        Header header = record.headers().lastWithName(FerryHeaders.UNCHANGED_COLUMNS);
        return header == null ? List.of() : FerryHeaders.columnsOf(header.value());
    }

    private static TableId sourceTable(SinkRecord record, Struct source, EnvelopeLayout layout) {
        String table = source == null ? null : sourceText(record, source, layout.sourceTable());
        if (table == null) {
            return topicTable(record);
        }
        String schema = sourceText(record, source, layout.sourceSchema());
        if (schema == null) {
            schema = sourceText(record, source, layout.sourceDatabase());
        }
        return new TableId(schema, table);
    }

    /** The source block's {@code field}, a string, or null when it is absent or null. */
    private static String sourceText(SinkRecord record, Struct source, Field field) {
        Object value = field == null ? null : source.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new DataException("record at " + position(record) + " has a source." + field.name() + " of type "
                + field.schema().type() + "; Ferry's sink needs a string there");
    }

    /**
     * The table of a flattened row: from the {@code __table}/{@code __schema} (or {@code __db})
     * fields that {@code ExtractNewRecordState}'s add.fields puts there, which hold names with dots
     * exactly; otherwise from the topic.
     */
    private static TableId flattenedTable(SinkRecord record, Struct row) {
        if (row.schema().field("__table") != null && row.get("__table") != null) {
            String schema = row.schema().field("__schema") != null ? (String) row.get("__schema")
                    : row.schema().field("__db") != null ? (String) row.get("__db") : null;
            return new TableId(schema, row.getString("__table"));
        }
        return topicTable(record);
    }

    static TableId topicTable(SinkRecord record) {
        return TableId.ofTopic(record.topic());
    }

    private static String partitionOf(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition();
    }

    public static String position(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }
}
