package dev.ferry.transforms.rename;

import dev.ferry.contract.DebeziumMetadataFields;
import dev.ferry.contract.FerryHeaders;
import dev.ferry.contract.structure.DdlCommand;
import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.transforms.record.ChangeRecord;
import dev.ferry.transforms.record.RecordRewrites;
import dev.ferry.transforms.record.Shape;
import dev.ferry.transforms.record.TableRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * Applies a {@link NameMapping} to a record: key fields, {@code before}/{@code after} (or the
 * flattened row), the source block's schema and table, and optionally the topic. A struct whose
 * fields keep their names keeps its schema instance, and the record is returned as is when
 * nothing changes.
 */
public final class RecordRenamer {

    private final NameMapping mapping;
    private final boolean renameTopic;
    private final SchemaCache rowSchemas = new SchemaCache();
    private final SchemaCache envelopeSchemas = new SchemaCache();

    public RecordRenamer(NameMapping mapping, boolean renameTopic) {
        this.mapping = mapping;
        this.renameTopic = renameTopic;
    }

    public <R extends ConnectRecord<R>> R rename(R record, ChangeRecord change) {
        TableRef from = change.table();
        TableRef to = mapping.table(from);
        String topic = renameTopic ? topic(record.topic(), from, to) : record.topic();

        Object key = record.key();
        Schema keySchema = record.keySchema();
        if (key instanceof Struct keyStruct) {
            Struct renamed = renameRow(keyStruct, from);
            key = renamed;
            keySchema = renamed.schema();
        }

        Object value = record.value();
        Schema valueSchema = record.valueSchema();
        if (change.shape() == Shape.ENVELOPE) {
            Struct envelope = renameEnvelope(change.value(), from, to);
            value = envelope;
            valueSchema = envelope.schema();
        } else if (change.shape() == Shape.SCHEMA_RECORD) {
            DdlCommand ddl = StructureRecords.ddl(change.value());
            if (ddl != null && ddl.renamedFrom() != null) {
                // A renamed table's old name maps as the table did, so the sink finds the table it renames.
                TableRef before = mapping.table(new TableRef(ddl.renamedFrom().schema(), ddl.renamedFrom().table()));
                ddl = ddl.withRenamedFrom(new DdlCommand.TableName(before.schema(), before.table()));
            }
            value = StructureRecords.withStructure(change.value(),
                    StructureRenamer.rename(StructureRecords.fromStruct(change.value()), mapping), ddl);
            valueSchema = StructureRecords.SCHEMA;
        } else if (change.shape() == Shape.FLATTENED) {
            Struct row = renameRow(change.value(), from);
            row = renameTableFields(row, from, to);
            value = row;
            valueSchema = row.schema();
        }
        if (topic.equals(record.topic()) && key == record.key() && value == record.value()) {
            return record;
        }
        return record.newRecord(topic, record.kafkaPartition(), keySchema, key, valueSchema, value,
                record.timestamp(), renameUnchangedColumns(record.headers(), from));
    }

    /**
     * The unchanged-columns header names columns as the source does; the sink reads it against
     * the renamed row, so its names are renamed with the columns.
     */
    private Headers renameUnchangedColumns(Headers headers, TableRef table) {
        Header header = headers.lastWithName(FerryHeaders.UNCHANGED_COLUMNS);
        if (header == null || header.value() == null) {
            return headers;
        }
        List<String> renamed = FerryHeaders.columnsOf(header.value()).stream()
                .map(column -> mapping.column(table, column)).toList();
        Headers copy = headers.duplicate();
        copy.remove(FerryHeaders.UNCHANGED_COLUMNS);
        copy.addString(FerryHeaders.UNCHANGED_COLUMNS, FerryHeaders.encodeColumns(renamed));
        return copy;
    }

    private static String topic(String topic, TableRef from, TableRef to) {
        if (from.equals(to)) {
            return topic;
        }
        String suffix = from.toString();
        String renamed = to.toString();
        if (topic.equals(suffix)) {
            return renamed;
        }
        if (topic.endsWith("." + suffix)) {
            return topic.substring(0, topic.length() - suffix.length()) + renamed;
        }
        return topic;
    }

    private Struct renameEnvelope(Struct envelope, TableRef from, TableRef to) {
        Schema rowSchema = rowSchemaOf(envelope.schema());
        Schema renamedRow = rowSchema == null ? null : renamedRowSchema(rowSchema, from);
        if (renamedRow == rowSchema && from.equals(to)) {
            return envelope;
        }
        Schema schema = renamedRow == rowSchema ? envelope.schema()
                : envelopeSchemas.get(envelope.schema(), from, () -> envelopeSchema(envelope.schema(), renamedRow));
        Struct renamed = new Struct(schema);
        for (Field field : envelope.schema().fields()) {
            Object value = envelope.get(field);
            if ((field.name().equals("before") || field.name().equals("after")) && value != null) {
                value = copyInto(renamedRow, (Struct) value);
            } else if (field.name().equals("source") && value != null) {
                value = renameSource((Struct) value, to);
            }
            renamed.put(field.name(), value);
        }
        return renamed;
    }

    private static Schema rowSchemaOf(Schema envelope) {
        Field after = envelope.field("after");
        if (after != null) {
            return after.schema();
        }
        Field before = envelope.field("before");
        return before == null ? null : before.schema();
    }

    private static Schema envelopeSchema(Schema envelope, Schema renamedRow) {
        SchemaBuilder builder = structLike(envelope);
        for (Field field : envelope.fields()) {
            boolean image = field.name().equals("before") || field.name().equals("after");
            builder.field(field.name(), image ? renamedRow : field.schema());
        }
        return builder.build();
    }

    private static Struct renameSource(Struct source, TableRef to) {
        Struct renamed = RecordRewrites.copy(source);
        if (source.schema().field("table") != null) {
            renamed.put("table", to.table());
        }
        if (to.schema() != null) {
            if (source.schema().field("schema") != null && source.get("schema") != null) {
                renamed.put("schema", to.schema());
            } else if (source.schema().field("db") != null && source.get("db") != null) {
                renamed.put("db", to.schema());
            }
        }
        return renamed;
    }

    /** Flattened rows may carry the table in {@code __table}/{@code __schema} (ExtractNewRecordState add.fields). */
    private static Struct renameTableFields(Struct row, TableRef from, TableRef to) {
        if (from.equals(to) || row.schema().field("__table") == null && row.schema().field("__schema") == null) {
            return row;
        }
        Struct renamed = RecordRewrites.copy(row);
        if (row.schema().field("__table") != null && row.get("__table") != null) {
            renamed.put("__table", to.table());
        }
        if (row.schema().field("__schema") != null && row.get("__schema") != null && to.schema() != null) {
            renamed.put("__schema", to.schema());
        }
        return renamed;
    }

    private Struct renameRow(Struct row, TableRef table) {
        Schema renamed = renamedRowSchema(row.schema(), table);
        return renamed == row.schema() ? row : copyInto(renamed, row);
    }

    private Schema renamedRowSchema(Schema row, TableRef table) {
        return rowSchemas.get(row, table, () -> buildRowSchema(row, table));
    }

    /** The row schema with mapped field names, or the same instance when no name changes. */
    private Schema buildRowSchema(Schema row, TableRef table) {
        boolean changed = false;
        Map<String, String> sourceOfTarget = new HashMap<>();
        SchemaBuilder builder = structLike(row);
        for (Field field : row.fields()) {
            // Connector-added fields (__op, __deleted, __table …) are not columns.
            String name = DebeziumMetadataFields.isMetadata(field.name()) ? field.name()
                    : mapping.column(table, field.name());
            String clash = sourceOfTarget.putIfAbsent(name, field.name());
            if (clash != null) {
                throw new DataException("RenameObjects maps the columns '" + clash + "' and '" + field.name()
                        + "' of table " + table + " both to '" + name + "' (rules: " + mapping.ruleFor(table, clash)
                        + " and " + mapping.ruleFor(table, field.name()) + ")");
            }
            changed |= !name.equals(field.name());
            builder.field(name, field.schema());
        }
        return changed ? builder.build() : row;
    }

    private static SchemaBuilder structLike(Schema schema) {
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        return schema.isOptional() ? builder.optional() : builder;
    }

    /** Copies values by position: the renamed schema has the same fields in the same order. */
    private static Struct copyInto(Schema schema, Struct row) {
        if (row.schema() == schema) {
            return row;
        }
        Struct copy = new Struct(schema);
        var targetFields = schema.fields();
        var sourceFields = row.schema().fields();
        for (int i = 0; i < sourceFields.size(); i++) {
            copy.put(targetFields.get(i), row.get(sourceFields.get(i)));
        }
        return copy;
    }
}
