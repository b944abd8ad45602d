package dev.ferry.contract.structure;

import java.util.List;

/**
 * A source table's structure as the PostgreSQL catalog declares it: what a sink needs to create
 * the table before its first row. The source reads it ({@code CatalogReader}), {@link StructureRecords}
 * carries it through Kafka, and the sink's dialects turn it into DDL. Names are the source's own
 * (unquoted); expressions are PostgreSQL text as {@code pg_get_expr} prints it.
 *
 * @param schema the table's schema
 * @param table the table's name
 * @param columns in the table's column order
 * @param primaryKey the primary key's columns in key order; empty when the table has none
 * @param indexes unique constraints and every index other than the primary key's
 * @param partitionKey a partitioned table's {@code pg_get_partkeydef} ({@code RANGE (created)}), or null
 * @param partitionOf for a partition: its parent, with this partition's bound; otherwise null
 * @param partitions for a partitioned table: its partitions with their bounds
 */
public record TableStructure(String schema, String table, List<Column> columns, List<String> primaryKey,
        List<Index> indexes, List<Check> checks, List<ForeignKey> foreignKeys, List<EnumType> enumTypes,
        String partitionKey, String comment, Partition partitionOf, List<Partition> partitions) {

    public TableStructure {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        checks = List.copyOf(checks);
        foreignKeys = List.copyOf(foreignKeys);
        enumTypes = List.copyOf(enumTypes);
        partitions = List.copyOf(partitions);
    }

    /** A table that is no partition and has none. */
    public TableStructure(String schema, String table, List<Column> columns, List<String> primaryKey,
            List<Index> indexes, List<Check> checks, List<ForeignKey> foreignKeys, List<EnumType> enumTypes,
            String partitionKey, String comment) {
        this(schema, table, columns, primaryKey, indexes, checks, foreignKeys, enumTypes, partitionKey, comment, null,
                List.of());
    }

    /** What a DDL record that drops the table carries: its name, nothing else. */
    public static TableStructure dropped(String schema, String table) {
        return new TableStructure(schema, table, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null,
                null);
    }

    /** This structure with other partitioning references (renamed ones, say). */
    public TableStructure withPartitioning(Partition partitionOf, List<Partition> partitions) {
        return new TableStructure(schema, table, columns, primaryKey, indexes, checks, foreignKeys, enumTypes,
                partitionKey, comment, partitionOf, partitions);
    }

    /** This structure with other columns (those a table had at a DDL command's moment, say). */
    public TableStructure withColumns(List<Column> newColumns) {
        return new TableStructure(schema, table, newColumns, primaryKey, indexes, checks, foreignKeys, enumTypes,
                partitionKey, comment, partitionOf, partitions);
    }

    /** The column named {@code name}, or null. */
    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * One column.
     *
     * @param type the declared type as {@code format_type} prints it: {@code character varying(20)},
     *     {@code numeric(10,2)}, {@code timestamp(3) with time zone}, {@code integer[]}
     * @param baseType the (element) type's {@code pg_type.typname}: {@code varchar}, {@code int4},
     *     {@code timestamptz}, or an enum's name
     * @param typeSchema the (element) type's schema: {@code pg_catalog} for built-in types
     * @param length declared length of {@code varchar(n)}, {@code char(n)}, {@code bit(n)}, {@code varbit(n)}
     * @param precision declared precision of {@code numeric(p,s)}, or fractional-second digits of a
     *     temporal type or {@code interval}
     * @param scale declared scale of {@code numeric(p,s)}
     * @param array whether the column is an array of {@code baseType}
     * @param defaultExpression the default as {@code pg_get_expr} prints it; null for none and for identity columns
     * @param identity {@code always}, {@code by default}, or null for a column that is no identity column
     * @param sequence the sequence an identity or serial column draws from, with its current value
     * @param position the column's {@code pg_attribute.attnum}: it stays with the column through a
     *     rename and is never reused after a drop, so two structures of a table tell a renamed
     *     column from a dropped one and an added one; null where not known
     */
    public record Column(String name, String type, String baseType, String typeSchema, Integer length,
            Integer precision, Integer scale, boolean array, boolean notNull, String defaultExpression,
            String identity, Sequence sequence, String comment, Integer position) {

        /** A column whose position is not known. */
        public Column(String name, String type, String baseType, String typeSchema, Integer length,
                Integer precision, Integer scale, boolean array, boolean notNull, String defaultExpression,
                String identity, Sequence sequence, String comment) {
            this(name, type, baseType, typeSchema, length, precision, scale, array, notNull, defaultExpression,
                    identity, sequence, comment, null);
        }

        /** This column under another name (a transform's mapping). */
        public Column withName(String newName) {
            return new Column(newName, type, baseType, typeSchema, length, precision, scale, array, notNull,
                    defaultExpression, identity, sequence, comment, position);
        }

        public boolean builtInType() {
            return "pg_catalog".equals(typeSchema);
        }
    }

    /**
     * A sequence and where it stands.
     *
     * @param lastValue {@code last_value} of the sequence
     * @param called whether {@code lastValue} was handed out ({@code is_called}); if not, it is the next value
     */
    public record Sequence(String schema, String name, long lastValue, boolean called, long increment, long minValue,
            long maxValue, long start) {

        /** The value the next {@code nextval} returns. */
        public long nextValue() {
            return called ? lastValue + increment : lastValue;
        }
    }

    /**
     * A unique constraint or an index.
     *
     * @param constraint whether it is a UNIQUE constraint (rather than a bare index)
     * @param method the access method: {@code btree}, {@code gin}, …
     * @param columns the key columns when every key is a plain column; empty when one is an expression
     * @param expressions each key's text ({@code lower(email)}) when one is an expression; otherwise empty
     * @param predicate a partial index's WHERE condition, or null
     */
    public record Index(String name, boolean unique, boolean constraint, String method, List<String> columns,
            List<String> expressions, String predicate) {

        public Index {
            columns = List.copyOf(columns);
            expressions = List.copyOf(expressions);
        }

        /** A unique key a target can enforce as such: plain columns, no predicate. */
        public boolean plainUnique() {
            return unique && predicate == null && expressions.isEmpty();
        }
    }

    /** A CHECK constraint; {@code expression} is its condition as {@code pg_get_expr} prints it. */
    public record Check(String name, String expression) {
    }

    /**
     * A foreign key.
     *
     * @param onUpdate the referential action: {@code NO ACTION}, {@code RESTRICT}, {@code CASCADE},
     *     {@code SET NULL} or {@code SET DEFAULT}; likewise {@code onDelete}
     */
    public record ForeignKey(String name, List<String> columns, String referencedSchema, String referencedTable,
            List<String> referencedColumns, String onUpdate, String onDelete) {

        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }

    /**
     * A table in a partitioning relation: a partition's parent (with the partition's bound), or
     * a parent's partition (with its bound).
     *
     * @param bound as {@code pg_get_expr(relpartbound)} prints it: {@code FOR VALUES FROM ('2025-01-01') TO (…)}
     */
    public record Partition(String schema, String table, String bound) {
    }

    /** An enum type one of the columns uses, with its labels in sort order. */
    public record EnumType(String schema, String name, List<String> labels) {

        public EnumType {
            labels = List.copyOf(labels);
        }
    }
}
