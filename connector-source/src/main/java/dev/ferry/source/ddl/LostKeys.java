package dev.ferry.source.ddl;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.source.config.QualifiedTableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Gives back the key Debezium could not give a table's change events after the table was renamed
 * or dropped: when a relation message of the stream's backlog names a table the catalog no longer
 * has under that name, Debezium finds no primary key for it and writes its rows without a key.
 * The primary key is the one of the table's last structure this task wrote (schema and DDL records).
 */
final class LostKeys {

    private final Map<QualifiedTableName, List<String>> primaryKeys = new HashMap<>();
    /** Key schemas by topic and row schema (identity: the events of a table share theirs). */
    private final Map<String, Map<Schema, Schema>> keySchemas = new HashMap<>();

    /** Learns the table's primary key from a structure this task wrote. */
    void remember(TableStructure structure) {
        primaryKeys.put(new QualifiedTableName(structure.schema(), structure.table()), structure.primaryKey());
    }

    /** {@code records} with keys where Debezium left them out of a table that has a primary key. */
    List<SourceRecord> restore(List<SourceRecord> records) {
        List<SourceRecord> restored = null;
        for (int i = 0; i < records.size(); i++) {
            SourceRecord keyed = restore(records.get(i));
            if (keyed != records.get(i)) {
                if (restored == null) {
                    restored = new ArrayList<>(records);
                }
                restored.set(i, keyed);
            }
        }
        return restored == null ? records : restored;
    }

    /** {@code record} with its key where Debezium left it out; the same record otherwise. */
    SourceRecord restore(SourceRecord record) {
        return record.key() != null || !(record.value() instanceof Struct envelope) ? record : keyed(record, envelope);
    }

    private SourceRecord keyed(SourceRecord record, Struct envelope) {
        Schema schema = envelope.schema();
        if (schema.field("source") == null || schema.field("op") == null || schema.field("after") == null) {
            return record;
        }
        Struct source = envelope.getStruct("source");
        List<String> key = source == null ? null
                : primaryKeys.get(new QualifiedTableName(source.getString("schema"), source.getString("table")));
        Struct row = envelope.getStruct("after") != null ? envelope.getStruct("after") : envelope.getStruct("before");
        if (key == null || key.isEmpty() || row == null) {
            return record;
        }
        Schema rowSchema = row.schema();
        for (String column : key) {
            if (rowSchema.field(column) == null) {
                return record;
            }
        }
        Schema keySchema = keySchemas.computeIfAbsent(record.topic(), t -> new IdentityHashMap<>())
                .computeIfAbsent(rowSchema, s -> keySchema(record.topic(), s, key));
        Struct keyValue = new Struct(keySchema);
        for (Field field : keySchema.fields()) {
            keyValue.put(field, row.get(field.name()));
        }
        return new SourceRecord(record.sourcePartition(), record.sourceOffset(), record.topic(),
                record.kafkaPartition(), keySchema, keyValue, record.valueSchema(), record.value(), record.timestamp(),
                record.headers());
    }

    /** The key schema Debezium gives a table: {@code <topic>.Key} with the key columns' fields. */
    private static Schema keySchema(String topic, Schema rowSchema, List<String> key) {
        SchemaBuilder builder = SchemaBuilder.struct().name(topic + ".Key");
        for (String column : key) {
            builder.field(column, rowSchema.field(column).schema());
        }
        return builder.build();
    }
}
