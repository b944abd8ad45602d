package dev.ferry.sink.structure;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.dialect.TableMetadata;
import dev.ferry.sink.event.TableId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a DDL record changes in an existing table's columns, column by column: a position the
 * history names otherwise is a renamed column, a position it lacks an added one (with its
 * default, so old rows get it as on the source), a position only the history has a dropped one;
 * a column at the same position with another type, NOT NULL or default is altered. What the
 * target already reflects (a replayed record) is skipped. Without a history (a table taken over
 * before DDL sync), columns are matched by name and none is dropped.
 */
final class ColumnChanges {

    private final Dialect dialect;
    private final StructureDdl ddl;

    ColumnChanges(Dialect dialect) {
        this.dialect = dialect;
        this.ddl = dialect.structureDdl();
    }

    /**
     * The statements that bring {@code existing}'s columns to {@code structure}'s; the names the
     * record renames or drops go into {@code retired}, the names it uses again leave it.
     */
    List<String> follow(TableId target, TableStructure structure, TableMetadata existing, TableHistory history,
            Map<String, String> retired, List<String> warnings) {
        List<String> statements = new ArrayList<>();
        Set<String> columns = new HashSet<>(existing.columns());
        Set<Integer> positions = new HashSet<>();
        for (Column column : structure.columns()) {
            positions.add(column.position());
            TableHistory.Entry before = history.at(column.position());
            retired.remove(column.name());
            boolean renamed = before != null && !dialect.sameColumn(before.name(), column.name());
            if (renamed) {
                retired.put(before.name(), column.name());
            }
            if (renamed && dialect.hasColumn(columns, before.name()) && !dialect.hasColumn(columns, column.name())) {
                statements.add(ddl.renameColumn(dialect, target, before.name(), column.name()));
                columns.removeIf(c -> dialect.sameColumn(c, before.name()));
                columns.add(column.name());
            }
            if (!dialect.hasColumn(columns, column.name())) {
                statements.addAll(ddl.addColumnAsOnSource(target, structure, column, warnings));
                columns.add(column.name());
                if (column.defaultExpression() != null && volatileDefault(column.defaultExpression())) {
                    warnings.add("column " + column.name() + " of " + target + " was added with the volatile default "
                            + column.defaultExpression() + ": the target's existing rows get values of their own, "
                            + "not the source's");
                }
            } else if (before != null) {
                Set<StructureDdl.ColumnChange> changed = changes(before, column);
                if (!changed.isEmpty()) {
                    statements.addAll(ddl.alterColumn(target, structure, column, changed, warnings));
                }
            }
        }
        history.byPosition().forEach((position, before) -> {
            boolean reused = structure.columns().stream().anyMatch(c -> dialect.sameColumn(c.name(), before.name()));
            if (!positions.contains(position) && !reused) {
                retired.put(before.name(), TableHistory.DROPPED);
                if (dialect.hasColumn(columns, before.name())) {
                    statements.add(ddl.dropColumn(dialect, target, before.name()));
                    columns.removeIf(c -> dialect.sameColumn(c, before.name()));
                }
            }
        });
        return statements;
    }

    private static Set<StructureDdl.ColumnChange> changes(TableHistory.Entry before, Column column) {
        Set<StructureDdl.ColumnChange> changed = EnumSet.noneOf(StructureDdl.ColumnChange.class);
        if (!before.type().equals(column.type())) {
            changed.add(StructureDdl.ColumnChange.TYPE);
        }
        if (before.notNull() != column.notNull()) {
            changed.add(StructureDdl.ColumnChange.NOT_NULL);
        }
        if (!Objects.equals(before.defaultExpression(), column.defaultExpression())) {
            changed.add(StructureDdl.ColumnChange.DEFAULT);
        }
        return changed;
    }

    /** Whether a default gives each row its own value (PostgreSQL fills existing rows one by one then). */
    private static boolean volatileDefault(String expression) {
        String lower = expression.toLowerCase(Locale.ROOT);
        return lower.contains("random(") || lower.contains("gen_random_uuid(") || lower.contains("clock_timestamp(")
                || lower.contains("nextval(") || lower.contains("uuid_generate");
    }
}
