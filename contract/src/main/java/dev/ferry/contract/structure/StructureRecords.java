package dev.ferry.contract.structure;

import dev.ferry.contract.structure.TableStructure.Check;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.EnumType;
import dev.ferry.contract.structure.TableStructure.ForeignKey;
import dev.ferry.contract.structure.TableStructure.Index;
import dev.ferry.contract.structure.TableStructure.Partition;
import dev.ferry.contract.structure.TableStructure.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The form of Ferry's schema records in Kafka: a {@link TableStructure} as a Connect struct named
 * {@value #SCHEMA_NAME}, so every converter (JSON with schemas, Avro) carries it and a transform
 * can rename inside it. The source writes one per selected table to the table's own topic, before
 * the table's rows (every task start, on each partition of {@code schema.records.partitions}); the
 * sink recognizes it by the schema name. The record key is null.
 */
public final class StructureRecords {

    /** The value schema's name; also how a consumer tells a schema record from a change event. */
    public static final String SCHEMA_NAME = "dev.ferry.TableStructure";
    public static final int VERSION = 1;

    private static final Schema STRINGS = SchemaBuilder.array(Schema.STRING_SCHEMA).build();

    private static final Schema SEQUENCE = SchemaBuilder.struct().name("dev.ferry.Sequence").optional()
            .field("schema", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("last_value", Schema.INT64_SCHEMA)
            .field("called", Schema.BOOLEAN_SCHEMA)
            .field("increment", Schema.INT64_SCHEMA)
            .field("min_value", Schema.INT64_SCHEMA)
            .field("max_value", Schema.INT64_SCHEMA)
            .field("start", Schema.INT64_SCHEMA)
            .build();

    private static final Schema COLUMN = SchemaBuilder.struct().name("dev.ferry.Column")
            .field("name", Schema.STRING_SCHEMA)
            .field("type", Schema.STRING_SCHEMA)
            .field("base_type", Schema.STRING_SCHEMA)
            .field("type_schema", Schema.STRING_SCHEMA)
            .field("length", Schema.OPTIONAL_INT32_SCHEMA)
            .field("precision", Schema.OPTIONAL_INT32_SCHEMA)
            .field("scale", Schema.OPTIONAL_INT32_SCHEMA)
            .field("array", Schema.BOOLEAN_SCHEMA)
            .field("not_null", Schema.BOOLEAN_SCHEMA)
            .field("default", Schema.OPTIONAL_STRING_SCHEMA)
            .field("identity", Schema.OPTIONAL_STRING_SCHEMA)
            .field("sequence", SEQUENCE)
            .field("comment", Schema.OPTIONAL_STRING_SCHEMA)
            .field("position", Schema.OPTIONAL_INT32_SCHEMA)
            .build();

    private static final Schema DDL = SchemaBuilder.struct().name("dev.ferry.DdlCommand").optional()
            .field("command_tag", Schema.STRING_SCHEMA)
            .field("object_type", Schema.STRING_SCHEMA)
            .field("object_identity", Schema.STRING_SCHEMA)
            .field("statement", Schema.OPTIONAL_STRING_SCHEMA)
            .field("renamed_from_schema", Schema.OPTIONAL_STRING_SCHEMA)
            .field("renamed_from_table", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static final Schema INDEX = SchemaBuilder.struct().name("dev.ferry.Index")
            .field("name", Schema.STRING_SCHEMA)
            .field("unique", Schema.BOOLEAN_SCHEMA)
            .field("constraint", Schema.BOOLEAN_SCHEMA)
            .field("method", Schema.STRING_SCHEMA)
            .field("columns", STRINGS)
            .field("expressions", STRINGS)
            .field("predicate", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static final Schema CHECK = SchemaBuilder.struct().name("dev.ferry.Check")
            .field("name", Schema.STRING_SCHEMA)
            .field("expression", Schema.STRING_SCHEMA)
            .build();

    private static final Schema FOREIGN_KEY = SchemaBuilder.struct().name("dev.ferry.ForeignKey")
            .field("name", Schema.STRING_SCHEMA)
            .field("columns", STRINGS)
            .field("referenced_schema", Schema.STRING_SCHEMA)
            .field("referenced_table", Schema.STRING_SCHEMA)
            .field("referenced_columns", STRINGS)
            .field("on_update", Schema.STRING_SCHEMA)
            .field("on_delete", Schema.STRING_SCHEMA)
            .build();

    private static final Schema PARTITION = SchemaBuilder.struct().name("dev.ferry.Partition").optional()
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("bound", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static final Schema ENUM_TYPE = SchemaBuilder.struct().name("dev.ferry.EnumType")
            .field("schema", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("labels", STRINGS)
            .build();

    public static final Schema SCHEMA = SchemaBuilder.struct().name(SCHEMA_NAME).version(VERSION)
            .field("version", Schema.INT32_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("columns", SchemaBuilder.array(COLUMN).build())
            .field("primary_key", STRINGS)
            .field("indexes", SchemaBuilder.array(INDEX).build())
            .field("checks", SchemaBuilder.array(CHECK).build())
            .field("foreign_keys", SchemaBuilder.array(FOREIGN_KEY).build())
            .field("enum_types", SchemaBuilder.array(ENUM_TYPE).build())
            .field("partition_key", Schema.OPTIONAL_STRING_SCHEMA)
            .field("comment", Schema.OPTIONAL_STRING_SCHEMA)
            .field("partition_of", PARTITION)
            .field("partitions", SchemaBuilder.array(PARTITION).optional().build())
            .field("full_sync_complete", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("ddl_capture", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("ddl", DDL)
            .build();

    private StructureRecords() {
    }

    /** Whether {@code value} is a schema record (by its schema's name, which converters keep). */
    public static boolean isStructure(Object value) {
        return value instanceof Struct struct && SCHEMA_NAME.equals(struct.schema().name());
    }

    public static Struct toStruct(TableStructure table) {
        return toStruct(table, true);
    }

    /**
     * {@code fullSyncComplete}: whether the source's snapshot is over, so a sink may now build
     * what it defers until then (secondary indexes, foreign keys).
     */
    public static Struct toStruct(TableStructure table, boolean fullSyncComplete) {
        return toStruct(table, fullSyncComplete, false, null);
    }

    /**
     * {@code ddlCapture}: whether the source captures DDL, so that every change of the table's
     * structure reaches the sink as a DDL record in the stream's order, and a record without
     * {@code ddl} (read at a task's start or periodically, possibly ahead of the stream) must not
     * change an existing table. {@code ddl}: the command this record follows, or null.
     */
    public static Struct toStruct(TableStructure table, boolean fullSyncComplete, boolean ddlCapture, DdlCommand ddl) {
        return new Struct(SCHEMA)
                .put("full_sync_complete", fullSyncComplete)
                .put("ddl_capture", ddlCapture)
                .put("ddl", ddl == null ? null : new Struct(DDL).put("command_tag", ddl.commandTag())
                        .put("object_type", ddl.objectType()).put("object_identity", ddl.objectIdentity())
                        .put("statement", ddl.statement())
                        .put("renamed_from_schema", ddl.renamedFrom() == null ? null : ddl.renamedFrom().schema())
                        .put("renamed_from_table", ddl.renamedFrom() == null ? null : ddl.renamedFrom().table()))
                .put("version", VERSION)
                .put("schema", table.schema())
                .put("table", table.table())
                .put("columns", map(table.columns(), StructureRecords::column))
                .put("primary_key", table.primaryKey())
                .put("indexes", map(table.indexes(), StructureRecords::index))
                .put("checks", map(table.checks(), c -> new Struct(CHECK).put("name", c.name())
                        .put("expression", c.expression())))
                .put("foreign_keys", map(table.foreignKeys(), StructureRecords::foreignKey))
                .put("enum_types", map(table.enumTypes(), e -> new Struct(ENUM_TYPE).put("schema", e.schema())
                        .put("name", e.name()).put("labels", e.labels())))
                .put("partition_key", table.partitionKey())
                .put("comment", table.comment())
                .put("partition_of", partition(table.partitionOf()))
                .put("partitions", map(table.partitions(), StructureRecords::partition));
    }

    private static Struct partition(Partition partition) {
        return partition == null ? null : new Struct(PARTITION).put("schema", partition.schema())
                .put("table", partition.table()).put("bound", partition.bound());
    }

    private static Partition partition(Struct partition) {
        return partition == null ? null
                : new Partition(partition.getString("schema"), partition.getString("table"), partition.getString("bound"));
    }

    /**
     * Reads a schema record's value; names as a transform may have changed them. Fields are read
     * by name, so a record of a later version with added fields reads too.
     */
    public static TableStructure fromStruct(Struct value) {
        return new TableStructure(value.getString("schema"), value.getString("table"),
                structs(value, "columns", StructureRecords::column),
                strings(value, "primary_key"),
                structs(value, "indexes", StructureRecords::index),
                structs(value, "checks", c -> new Check(c.getString("name"), c.getString("expression"))),
                structs(value, "foreign_keys", StructureRecords::foreignKey),
                structs(value, "enum_types", e -> new EnumType(e.getString("schema"), e.getString("name"),
                        strings(e, "labels"))),
                value.getString("partition_key"), value.getString("comment"),
                has(value, "partition_of") ? partition(value.getStruct("partition_of")) : null,
                has(value, "partitions") && value.get("partitions") != null
                        ? structs(value, "partitions", StructureRecords::partition) : List.of());
    }

    /** A record of the same kind as {@code original} (full sync state, DDL) for another structure (renamed, say). */
    public static Struct withStructure(Struct original, TableStructure structure) {
        return withStructure(original, structure, ddl(original));
    }

    /** A record of the same kind as {@code original} for another structure and DDL command (both renamed, say). */
    public static Struct withStructure(Struct original, TableStructure structure, DdlCommand ddl) {
        return toStruct(structure, fullSyncComplete(original), ddlCapture(original), ddl);
    }

    /** Whether the source captures DDL (see {@link #toStruct(TableStructure, boolean, boolean, DdlCommand)}). */
    public static boolean ddlCapture(Struct value) {
        return has(value, "ddl_capture") && Boolean.TRUE.equals(value.get("ddl_capture"));
    }

    /** The DDL command a DDL record follows; null for other schema records. */
    public static DdlCommand ddl(Struct value) {
        Struct ddl = has(value, "ddl") ? value.getStruct("ddl") : null;
        if (ddl == null) {
            return null;
        }
        String renamedFrom = ddl.schema().field("renamed_from_table") == null ? null
                : ddl.getString("renamed_from_table");
        return new DdlCommand(ddl.getString("command_tag"), ddl.getString("object_type"),
                ddl.getString("object_identity"), ddl.getString("statement"), renamedFrom == null ? null
                        : new DdlCommand.TableName(ddl.getString("renamed_from_schema"), renamedFrom));
    }

    /** Whether the record says the source's full sync is over; records that do not say count as over. */
    public static boolean fullSyncComplete(Struct value) {
        return !has(value, "full_sync_complete") || !Boolean.FALSE.equals(value.get("full_sync_complete"));
    }

    /** Fields added after version 1's first form are read only where the record has them. */
    private static boolean has(Struct value, String field) {
        return value.schema().field(field) != null;
    }

    private static Struct column(Column c) {
        Sequence s = c.sequence();
        return new Struct(COLUMN)
                .put("name", c.name())
                .put("type", c.type())
                .put("base_type", c.baseType())
                .put("type_schema", c.typeSchema())
                .put("length", c.length())
                .put("precision", c.precision())
                .put("scale", c.scale())
                .put("array", c.array())
                .put("not_null", c.notNull())
                .put("default", c.defaultExpression())
                .put("identity", c.identity())
                .put("sequence", s == null ? null : new Struct(SEQUENCE).put("schema", s.schema()).put("name", s.name())
                        .put("last_value", s.lastValue()).put("called", s.called()).put("increment", s.increment())
                        .put("min_value", s.minValue()).put("max_value", s.maxValue()).put("start", s.start()))
                .put("comment", c.comment())
                .put("position", c.position());
    }

    private static Column column(Struct c) {
        Struct s = c.getStruct("sequence");
        Sequence sequence = s == null ? null : new Sequence(s.getString("schema"), s.getString("name"),
                s.getInt64("last_value"), s.getBoolean("called"), s.getInt64("increment"), s.getInt64("min_value"),
                s.getInt64("max_value"), s.getInt64("start"));
        return new Column(c.getString("name"), c.getString("type"), c.getString("base_type"),
                c.getString("type_schema"), c.getInt32("length"), c.getInt32("precision"), c.getInt32("scale"),
                c.getBoolean("array"), c.getBoolean("not_null"), c.getString("default"), c.getString("identity"),
                sequence, c.getString("comment"), has(c, "position") ? c.getInt32("position") : null);
    }

    private static Struct index(Index i) {
        return new Struct(INDEX).put("name", i.name()).put("unique", i.unique()).put("constraint", i.constraint())
                .put("method", i.method()).put("columns", i.columns()).put("expressions", i.expressions())
                .put("predicate", i.predicate());
    }

    private static Index index(Struct i) {
        return new Index(i.getString("name"), i.getBoolean("unique"), i.getBoolean("constraint"),
                i.getString("method"), strings(i, "columns"), strings(i, "expressions"), i.getString("predicate"));
    }

    private static Struct foreignKey(ForeignKey f) {
        return new Struct(FOREIGN_KEY).put("name", f.name()).put("columns", f.columns())
                .put("referenced_schema", f.referencedSchema()).put("referenced_table", f.referencedTable())
                .put("referenced_columns", f.referencedColumns()).put("on_update", f.onUpdate())
                .put("on_delete", f.onDelete());
    }

    private static ForeignKey foreignKey(Struct f) {
        return new ForeignKey(f.getString("name"), strings(f, "columns"), f.getString("referenced_schema"),
                f.getString("referenced_table"), strings(f, "referenced_columns"), f.getString("on_update"),
                f.getString("on_delete"));
    }

    private static <T> List<Struct> map(List<T> items, Function<T, Struct> toStruct) {
        List<Struct> structs = new ArrayList<>(items.size());
        for (T item : items) {
            structs.add(toStruct.apply(item));
        }
        return structs;
    }

    private static List<String> strings(Struct struct, String field) {
        List<String> values = new ArrayList<>();
        for (Object value : struct.getArray(field)) {
            values.add((String) value);
        }
        return values;
    }

    private static <T> List<T> structs(Struct struct, String field, Function<Struct, T> fromStruct) {
        List<T> values = new ArrayList<>();
        for (Object value : struct.getArray(field)) {
            values.add(fromStruct.apply((Struct) value));
        }
        return values;
    }
}
