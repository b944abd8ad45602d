package dev.ferry.source.snapshot.chunked;

import dev.ferry.source.snapshot.chunked.SnapshotProgress.TableName;
import dev.ferry.source.snapshot.chunked.SnapshotProgress.TablePlan;

/**
 * Decides how a table is cut into chunks: ctid ranges of about {@code chunkRows} rows, from the
 * catalog's statistics, where the server reads such a range by itself. That takes a TID range
 * scan, which came with PostgreSQL 14; on an older server each chunk's
 * {@code ctid >= … AND ctid < …} scans the whole table, so the chunks of one table would read it
 * once each, and a table is read whole in one chunk instead.
 */
final class ChunkPlanner {

    /** The first {@code server_version_num} with TID range scans (PostgreSQL 14). */
    static final int TID_RANGE_SCANS_SINCE = 140_000;
    private static final int DEFAULT_ROWS_PER_BLOCK = 60;

    private final boolean tidRangeScans;
    private final long chunkRows;

    ChunkPlanner(int serverVersionNum, long chunkRows) {
        this.tidRangeScans = serverVersionNum >= TID_RANGE_SCANS_SINCE;
        this.chunkRows = chunkRows;
    }

    /** Whether tables are cut into ctid ranges at all on this server. */
    boolean cutsTables() {
        return tidRangeScans;
    }

    /**
     * The plan of one table. Only an ordinary table ({@code relkind r}) read by the default
     * select has ctids to range over: a partitioned parent, a view or a select override is read
     * whole.
     *
     * @param stats the table's catalog entry, or null when the catalog has none
     */
    TablePlan plan(TableName table, boolean selectOverridden, TableStats stats) {
        if (!tidRangeScans || selectOverridden || stats == null || !"r".equals(stats.relkind())) {
            return TablePlan.wholeTable(table);
        }
        // Never analyzed or vacuumed (relpages 0, reltuples -1 or 0): the statistics say nothing yet.
        double rowsPerBlock = stats.relpages() > 0 && stats.reltuples() > 0
                ? stats.reltuples() / stats.relpages() : DEFAULT_ROWS_PER_BLOCK;
        long blocksPerChunk = Math.max(1, (long) Math.ceil(chunkRows / Math.max(rowsPerBlock, 1e-3)));
        int chunks = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (stats.blocks() + blocksPerChunk - 1) / blocksPerChunk));
        return new TablePlan(table, blocksPerChunk, chunks);
    }

    /**
     * A table's {@code pg_class} entry: its kind, its current size in blocks, and the page and
     * row counts of its last ANALYZE or VACUUM.
     */
    record TableStats(String relkind, long blocks, long relpages, double reltuples) {
    }
}
