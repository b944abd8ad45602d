package dev.ferry.transforms.rename;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Check;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.ForeignKey;
import dev.ferry.contract.structure.TableStructure.Index;
import dev.ferry.contract.structure.TableStructure.Partition;
import dev.ferry.transforms.record.TableRef;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Renames a schema record like the rows of its table: the table, its columns wherever the
 * structure names them (primary key, indexes, foreign keys, whose referenced table and columns
 * follow that table's rules), so the target's constraints and indexes are created under the
 * mapped names. Expressions (defaults, checks, expression indexes) are PostgreSQL text and keep
 * the source's names.
 */
public final class StructureRenamer {

    private StructureRenamer() {
    }

    public static TableStructure rename(TableStructure structure, NameMapping mapping) {
        TableRef from = new TableRef(structure.schema(), structure.table());
        TableRef to = mapping.table(from);
        UnaryOperator<String> column = name -> mapping.column(from, name);
        List<Column> columns = structure.columns().stream()
                .map(c -> c.withName(mapping.column(from, c.name())))
                .toList();
        List<Index> indexes = structure.indexes().stream()
                .map(i -> new Index(i.name(), i.unique(), i.constraint(), i.method(), columns(i.columns(), from, mapping),
                        i.expressions().stream().map(e -> ExpressionRenamer.rename(e, column)).toList(),
                        ExpressionRenamer.rename(i.predicate(), column)))
                .toList();
        List<Check> checks = structure.checks().stream()
                .map(c -> new Check(c.name(), ExpressionRenamer.rename(c.expression(), column))).toList();
        List<ForeignKey> foreignKeys = structure.foreignKeys().stream().map(f -> {
            TableRef referenced = new TableRef(f.referencedSchema(), f.referencedTable());
            TableRef referencedTo = mapping.table(referenced);
            return new ForeignKey(f.name(), columns(f.columns(), from, mapping), referencedTo.schema(),
                    referencedTo.table(), columns(f.referencedColumns(), referenced, mapping), f.onUpdate(),
                    f.onDelete());
        }).toList();
        return new TableStructure(to.schema(), to.table(), columns, columns(structure.primaryKey(), from, mapping),
                indexes, checks, foreignKeys, structure.enumTypes(), structure.partitionKey(),
                structure.comment(), partition(structure.partitionOf(), mapping),
                structure.partitions().stream().map(p -> partition(p, mapping)).toList());
    }

    private static Partition partition(Partition partition, NameMapping mapping) {
        if (partition == null) {
            return null;
        }
        TableRef to = mapping.table(new TableRef(partition.schema(), partition.table()));
        return new Partition(to.schema(), to.table(), partition.bound());
    }

    private static List<String> columns(List<String> names, TableRef table, NameMapping mapping) {
        return names.stream().map(name -> mapping.column(table, name)).toList();
    }
}
