package dev.ferry.sink.structure;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.Index;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.dialect.TableMetadata;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a target table with the structure schema sync gives it from the source (for
 * {@code ferry verify --schema}): columns and their types after translation, the primary key,
 * and where the target reads back as a PostgreSQL catalog, NOT NULL, unique keys, indexes,
 * checks and foreign keys by name.
 */
public final class StructureComparison {

    private final Dialect dialect;
    private final StructureDdl ddl;

    public StructureComparison(Dialect dialect) {
        this.dialect = dialect;
        this.ddl = dialect.structureDdl();
    }

    /** What differs, each naming the table and object; empty when the target has the structure. */
    public List<String> differences(Connection connection, TableId target, TableStructure expected)
            throws SQLException {
        Optional<TableMetadata> metadata = dialect.readTable(connection, target);
        if (metadata.isEmpty()) {
            return List.of("target table " + target + " does not exist");
        }
        List<String> differences = new ArrayList<>();
        TableMetadata actual = metadata.get();
        // A PostgreSQL catalog tells the declared types (JDBC metadata calls an int column with a
        // nextval default "serial").
        Optional<TableStructure> catalog = ddl.readBack(connection, target);
        for (Column column : expected.columns()) {
            Optional<String> name = actual.columns().stream().filter(c -> dialect.sameColumn(c, column.name()))
                    .findFirst();
            if (name.isEmpty()) {
                differences.add("column " + column.name() + " is missing");
                continue;
            }
            String type = catalog.isPresent() ? null : ddl.reportedType(target, expected, column);
            String actualType = actual.columnTypes().get(name.get());
            if (type != null && actualType != null && !type.equals(actualType)) {
                differences.add("column " + column.name() + " is " + actualType + ", expected " + type + " (source: "
                        + column.type() + ")");
            }
        }
        for (String column : actual.columns()) {
            if (expected.columns().stream().noneMatch(c -> dialect.sameColumn(c.name(), column))) {
                differences.add("column " + column + " is not on the source");
            }
        }
        if (!sameColumns(actual.keyColumns(), expected.primaryKey())) {
            differences.add("primary key is " + actual.keyColumns() + ", the source's " + expected.primaryKey());
        }
        catalog.ifPresent(read -> differences.addAll(catalogDifferences(read, expected)));
        return differences;
    }

    /** What a PostgreSQL-family target's catalog shows beyond the JDBC metadata. */
    private static List<String> catalogDifferences(TableStructure actual, TableStructure expected) {
        List<String> differences = new ArrayList<>();
        for (Column column : expected.columns()) {
            Column other = actual.column(column.name());
            if (other == null) {
                continue;
            }
            if (!column.type().equals(other.type()) && column.builtInType()) {
                differences.add("column " + column.name() + " is " + other.type() + ", the source's " + column.type());
            }
            if (column.notNull() != other.notNull()) {
                differences.add("column " + column.name() + (column.notNull() ? " lacks NOT NULL" : " is NOT NULL"));
            }
            if ((column.identity() != null) != (other.identity() != null)) {
                differences.add("column " + column.name() + (column.identity() != null ? " is no identity column"
                        : " is an identity column"));
            }
        }
        differences.addAll(missing("index", names(expected.indexes(), Index::name), names(actual.indexes(), Index::name)));
        differences.addAll(missing("check", names(expected.checks(), TableStructure.Check::name),
                names(actual.checks(), TableStructure.Check::name)));
        differences.addAll(missing("foreign key", names(expected.foreignKeys(), TableStructure.ForeignKey::name),
                names(actual.foreignKeys(), TableStructure.ForeignKey::name)));
        return differences;
    }

    private boolean sameColumns(List<String> actual, List<String> expected) {
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            String column = expected.get(i);
            if (actual.stream().noneMatch(a -> dialect.sameColumn(a, column))) {
                return false;
            }
        }
        return true;
    }

    private static <T> Set<String> names(List<T> items, Function<T, String> name) {
        return items.stream().map(name).filter(Objects::nonNull).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static List<String> missing(String kind, Set<String> expected, Set<String> actual) {
        List<String> differences = new ArrayList<>();
        expected.stream().filter(n -> !actual.contains(n)).forEach(n -> differences.add(kind + " " + n + " is missing"));
        actual.stream().filter(n -> !expected.contains(n)).forEach(n -> differences.add(kind + " " + n
                + " is not on the source"));
        return differences;
    }
}
