package dev.ferry.cli.verify;

import dev.ferry.cli.FerryException;
import dev.ferry.cli.config.SinkSettings;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.transforms.FilterOperations;
import dev.ferry.transforms.FilterRows;
import dev.ferry.transforms.RenameObjects;
import dev.ferry.transforms.operations.Operation;
import dev.ferry.transforms.record.TableRef;
import dev.ferry.transforms.rename.NameMapping;
import dev.ferry.transforms.rename.StructureRenamer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import org.apache.kafka.common.config.ConfigException;

/**
 * The transforms on the way from a source table to the target, read from the source's and then
 * the sink's {@code transforms} settings, so verify compares what the pipeline should produce:
 * renamed tables and columns ({@code RenameObjects}) and only the rows the row filters
 * ({@code FilterRows}) let through, their conditions rewritten onto the source's column names.
 * What it cannot follow (operation filters, other transforms, predicates) becomes a note.
 */
public final class TransformChain {

    private static final String RENAME = RenameObjects.class.getName();
    private static final String FILTER_ROWS = FilterRows.class.getName();
    private static final String FILTER_OPERATIONS = FilterOperations.class.getName();
    private static final String FLATTEN = "io.debezium.transforms.ExtractNewRecordState";
    /** Transforms that reshape records without changing names or rows. */
    private static final Set<String> NEUTRAL = Set.of(FLATTEN, "org.apache.kafka.connect.transforms.InsertHeader",
            "org.apache.kafka.connect.transforms.DropHeaders");

    private sealed interface Step permits Rename, Filter, Operations, Other {
    }

    private record Rename(NameMapping names) implements Step {
    }

    private record Filter(String label, FilterRows<?> filter) implements Step {
    }

    private record Operations(String label, FilterOperations<?> filter) implements Step {
    }

    private record Other(String note) implements Step {
    }

    private final List<Step> steps;

    private TransformChain(List<Step> steps) {
        this.steps = steps;
    }

    /**
     * What verify cannot follow (transforms it does not understand, which may change values:
     * MaskField, Cast, InsertField, custom ones; predicates; soft deletes): a repair from the
     * source could overwrite what the pipeline wrote on purpose, so it is refused.
     */
    public List<String> repairBlockers() {
        return steps.stream().filter(Other.class::isInstance).map(step -> ((Other) step).note()).toList();
    }

    /** The source connector's transforms, then the sink connector's. */
    public static TransformChain of(Map<String, String> sourceConfig, Map<String, String> sinkConfig) {
        List<Step> steps = new ArrayList<>();
        addSteps(sourceConfig, "source", steps);
        addSteps(sinkConfig, "sink", steps);
        return new TransformChain(steps);
    }

    private static void addSteps(Map<String, String> config, String connector, List<Step> steps) {
        String list = config.getOrDefault("transforms", "");
        for (String rawAlias : list.split(",")) {
            String alias = rawAlias.trim();
            if (alias.isEmpty()) {
                continue;
            }
            String prefix = "transforms." + alias + ".";
            String type = config.get(prefix + "type");
            if (type == null) {
                throw new FerryException("the " + connector + " config lists transform '" + alias + "' but has no "
                        + prefix + "type");
            }
            Map<String, String> props = new HashMap<>();
            config.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    props.put(key.substring(prefix.length()), value);
                }
            });
            String label = connector + " transform '" + alias + "'";
            if (props.containsKey("predicate")) {
                steps.add(new Other(label + " applies only where predicate '" + props.get("predicate") + "' holds; "
                        + "verify applies it to every record"));
            }
            try {
                if (type.equals(RENAME)) {
                    RenameObjects<?> rename = new RenameObjects<>();
                    rename.configure(props);
                    steps.add(new Rename(rename.names()));
                } else if (type.equals(FILTER_ROWS)) {
                    FilterRows<?> filter = new FilterRows<>();
                    filter.configure(props);
                    steps.add(new Filter(label, filter));
                } else if (type.equals(FILTER_OPERATIONS)) {
                    FilterOperations<?> filter = new FilterOperations<>();
                    filter.configure(props);
                    steps.add(new Operations(label, filter));
                } else if (type.equals(FLATTEN) && keepsDeletedRows(props)) {
                    steps.add(new Other(label + " rewrites deletes into rows marked __deleted: the target keeps "
                            + "them, and verify reports them as extra"));
                } else if (!NEUTRAL.contains(type)) {
                    steps.add(new Other(label + " (" + type + ") is not understood by verify; tables and rows are "
                            + "compared as if it were absent"));
                }
            } catch (ConfigException e) {
                throw new FerryException(label + ": " + e.getMessage(), e);
            }
        }
    }

    /** Debezium's soft-delete modes: a deleted row stays in the target with {@code __deleted = true}. */
    private static boolean keepsDeletedRows(Map<String, String> props) {
        return "rewrite".equals(props.get("delete.handling.mode"))
                || props.getOrDefault("delete.tombstone.handling.mode", "").startsWith("rewrite");
    }

    /** A source table's structure renamed as the chain's RenameObjects steps rename its schema records. */
    public TableStructure rename(TableStructure structure) {
        TableStructure renamed = structure;
        for (Step step : steps) {
            if (step instanceof Rename rename) {
                renamed = StructureRenamer.rename(renamed, rename.names());
            }
        }
        return renamed;
    }

    /** Follows {@code sourceTable} (schema.table, with these source columns) through the chain into the sink. */
    public TableMapping map(String sourceTable, List<String> sourceColumns, SinkSettings sink) {
        String[] parts = sourceTable.split("\\.", 2);
        TableRef current = parts.length == 2 ? new TableRef(parts[0], parts[1]) : new TableRef("public", parts[0]);
        Map<String, String> columns = new LinkedHashMap<>();
        sourceColumns.forEach(column -> columns.put(column, column));
        List<String> conditions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof Rename rename) {
                TableRef from = current;
                columns.replaceAll((source, name) -> rename.names().column(from, name));
                current = rename.names().table(from);
            } else if (step instanceof Filter filter) {
                String condition = filter.filter().conditionFor(current);
                if (condition != null) {
                    conditions.add("(" + onSourceColumns(condition, columns, filter.label()) + ")");
                }
            } else if (step instanceof Operations operations) {
                Set<Operation> allowed = operations.filter().operationsFor(current);
                if (allowed != null && !allowed.containsAll(EnumSet.allOf(Operation.class))) {
                    notes.add(operations.label() + " replicates only " + names(allowed) + " for " + current
                            + ": differences may be intended");
                }
            } else if (step instanceof Other other) {
                notes.add(other.note());
            }
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        columns.forEach((source, target) -> {
            if (!source.equals(target)) {
                renamed.put(source, target);
            }
        });
        return new TableMapping(sourceTable, sink.targetTable(current.schema(), current.table()), renamed,
                conditions.isEmpty() ? null : String.join(" AND ", conditions), notes);
    }

    private static String names(Set<Operation> operations) {
        return operations.isEmpty() ? "no operations"
                : String.join(",", operations.stream().map(o -> o.name().toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * Rewrites a filter condition, written against the column names the record has at that point
     * of the chain, onto the source table's columns (quoted), so PostgreSQL can evaluate it.
     */
    static String onSourceColumns(String condition, Map<String, String> sourceToCurrent, String label) {
        Map<String, String> currentToSource = new HashMap<>();
        sourceToCurrent.forEach((source, current) -> currentToSource.put(current, source));
        Expression expression;
        try {
            expression = CCJSqlParserUtil.parseCondExpression(condition);
        } catch (JSQLParserException e) {
            throw new FerryException(label + ": cannot parse the condition '" + condition + "'", e);
        }
        expression.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                String raw = column.getColumnName();
                boolean quoted = raw.length() > 1 && (raw.startsWith("\"") && raw.endsWith("\"")
                        || raw.startsWith("`") && raw.endsWith("`"));
                String name = quoted ? raw.substring(1, raw.length() - 1) : raw;
                if (!quoted && (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false"))) {
                    return null;
                }
                String source = currentToSource.get(name);
                if (source == null && !quoted) {
                    source = currentToSource.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                }
                if (source == null) {
                    throw new FerryException(label + ": the condition '" + condition + "' uses column '" + name
                            + "', which the table does not have at that point");
                }
                column.setTable(null);
                column.setColumnName(SqlNames.quote(source, false));
                return null;
            }
        }, null);
        return expression.toString();
    }
}
