package dev.ferry.cli.verify;

import java.util.List;

/** The outcome of verifying one table. */
public record TableResult(String sourceTable, String targetTable, long sourceRows, long targetRows,
        List<KeyRange> ranges, List<Difference> differences, List<String> missingColumns, List<String> notes) {

    public boolean equal() {
        return differences.isEmpty() && missingColumns.isEmpty();
    }

    public long differingRanges() {
        return ranges.stream().filter(range -> !range.matches()).count();
    }
}
