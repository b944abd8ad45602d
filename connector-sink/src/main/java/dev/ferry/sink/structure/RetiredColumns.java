package dev.ferry.sink.structure;

import dev.ferry.sink.event.ChangeEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Change events written before a DDL record renamed or dropped a column, and delivered again
 * after it (a sink restarted after a crash replays from its last committed offset), name the
 * column as it was. They are written under its current name, or without it when it was
 * dropped, so a replay neither brings an old column back nor loses a value.
 */
final class RetiredColumns {

    /**
     * Renamed row schemas by history and original schema (both by identity: a history is replaced,
     * never changed, and the events of a batch share their schema), so a replay renames each schema once.
     */
    private final Map<TableHistory, Map<Schema, Schema>> renamedSchemas = new IdentityHashMap<>();

    /** {@code event} with its columns under their current names; the same event when none is retired. */
    ChangeEvent current(ChangeEvent event, TableHistory history) {
        if (history.retired().isEmpty() || !namesRetired(event, history)) {
            return event;
        }
        Schema rowSchema = event.rowSchema() == null ? null : renamedSchemas
                .computeIfAbsent(history, h -> new IdentityHashMap<>())
                .computeIfAbsent(event.rowSchema(), schema -> rename(schema, history));
        return new ChangeEvent(event.record(), event.source(), event.kind(), event.snapshot(),
                event.keyColumns().stream().map(c -> orItself(history, c)).toList(), event.key(), event.oldKey(),
                rename(event.row(), history), rowSchema, rename(event.unchangedColumns(), history),
                event.sourceTimestampMillis(), event.heartbeatMillis(), rename(event.before(), history));
    }

    /** Forgets the renamed schemas (histories change with DDL records and rollbacks). */
    void clear() {
        renamedSchemas.clear();
    }

    private static boolean namesRetired(ChangeEvent event, TableHistory history) {
        if (event.rowSchema() != null && event.rowSchema().type() == Schema.Type.STRUCT) {
            for (Field field : event.rowSchema().fields()) {
                if (history.retired().containsKey(field.name())) {
                    return true;
                }
            }
        }
        return event.keyColumns().stream().anyMatch(history.retired()::containsKey);
    }

    /** A key column keeps its name when dropped: its value is still how the row is found. */
    private static String orItself(TableHistory history, String column) {
        String current = history.current(column);
        return current == null ? column : current;
    }

    private static Schema rename(Schema schema, TableHistory history) {
        if (schema.type() != Schema.Type.STRUCT) {
            return schema;
        }
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version());
        if (schema.isOptional()) {
            builder.optional();
        }
        Set<String> added = new HashSet<>();
        for (Field field : schema.fields()) {
            String current = history.current(field.name());
            if (current != null && added.add(current)) {
                builder.field(current, field.schema());
            }
        }
        return builder.build();
    }

    private static Map<String, Object> rename(Map<String, Object> values, TableHistory history) {
        if (values == null) {
            return null;
        }
        Map<String, Object> renamed = new LinkedHashMap<>();
        values.forEach((column, value) -> {
            String current = history.current(column);
            if (current != null) {
                renamed.putIfAbsent(current, value);
            }
        });
        return renamed;
    }

    private static Set<String> rename(Set<String> columns, TableHistory history) {
        if (columns == null || columns.isEmpty()) {
            return columns;
        }
        List<String> renamed = new ArrayList<>();
        for (String column : columns) {
            String current = history.current(column);
            if (current != null) {
                renamed.add(current);
            }
        }
        return Set.copyOf(renamed);
    }
}
