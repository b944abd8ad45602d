package dev.ferry.sink.apply;

import dev.ferry.sink.buffer.PendingWrite;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.Dialect.BoundSql;
import dev.ferry.sink.throttle.RecordSizeEstimator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the rows of one INSERT form into multi-row statements ({@link Dialect#multiRow}) of at most
 * the dialect's rows per insert, the protocol's placeholders and {@link #STATEMENT_BYTES} of
 * estimated values. The byte budget keeps a statement below MySQL's {@code max_allowed_packet}
 * (16 MiB by default on MariaDB 11.4): a larger packet fails like a lost connection, which the
 * connection retry window retries to no end, not as a data error. A row larger than the budget
 * goes alone, as it would in Connector/J's batch.
 */
final class MultiRowInserts {

    /**
     * Estimated value bytes per statement. The estimate counts a character as one byte; the
     * driver's text protocol sends at most three (UTF-8, or an escaped quote or backslash), so a
     * full statement stays near 12 MiB at worst.
     */
    static final long STATEMENT_BYTES = 4L * 1024 * 1024;
    /** Placeholders one statement may hold (the MySQL and PostgreSQL protocols count them in 16 bits). */
    private static final int MAX_PARAMETERS = 65_535;

    private final Dialect dialect;
    /** Each form's statement of the most rows it takes: every statement of a long batch but the last. */
    private final Map<BoundSql, String> fullSize = new HashMap<>();

    MultiRowInserts(Dialect dialect) {
        this.dialect = dialect;
    }

    /** How many rows one statement of {@code single}'s form may carry; 1 means a JDBC batch of single rows. */
    int rowsPerStatement(BoundSql single) {
        return Math.min(dialect.rowsPerInsert(), MAX_PARAMETERS / Math.max(1, single.parameters().size()));
    }

    /** The row counts of the statements that write {@code rows}, in order; each row estimated once. */
    int[] statementSizes(BoundSql single, List<PendingWrite> rows) {
        long[] bytes = new long[rows.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = RecordSizeEstimator.estimate(rows.get(i).row());
        }
        return split(bytes, rowsPerStatement(single), STATEMENT_BYTES);
    }

    /** The SQL text of {@code single}'s form for {@code rows} rows. */
    String sql(BoundSql single, int rows) {
        int full = rowsPerStatement(single);
        if (rows != full) {
            return dialect.multiRow(single, rows).sql();
        }
        return fullSize.computeIfAbsent(single, s -> dialect.multiRow(s, full).sql());
    }

    /**
     * Row counts of consecutive statements: a statement takes rows while it holds fewer than
     * {@code maxRows} and the next row keeps it within {@code maxBytes}; it always takes one.
     */
    static int[] split(long[] rowBytes, int maxRows, long maxBytes) {
        int[] sizes = new int[rowBytes.length];
        int statements = 0;
        int rows = 0;
        long bytes = 0;
        for (long row : rowBytes) {
            if (rows > 0 && (rows == maxRows || bytes + row > maxBytes)) {
                sizes[statements++] = rows;
                rows = 0;
                bytes = 0;
            }
            rows++;
            bytes += row;
        }
        if (rows > 0) {
            sizes[statements++] = rows;
        }
        return Arrays.copyOf(sizes, statements);
    }
}
