package dev.ferry.cli.verify;

import java.util.List;
import java.util.Map;

/**
 * How one source table arrives in the target: the target table, the target name of each source
 * column (renamed by transforms), the WHERE condition on source columns that selects the rows the
 * target should hold (row filters; null for all rows), and notes on what verify cannot follow.
 */
public record TableMapping(String sourceTable, String targetTable, Map<String, String> columns, String sourceFilter,
        List<String> notes) {

    /** The name a source column has in the target. */
    public String targetColumn(String sourceColumn) {
        return columns.getOrDefault(sourceColumn, sourceColumn);
    }

    /** {@code " WHERE (condition)"} for queries on the source table, or the empty string. */
    String whereClause() {
        return sourceFilter == null ? "" : " WHERE " + sourceFilter;
    }
}
