package dev.ferry.sink.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sink.buffer.PendingWrite;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.Dialect.BoundSql;
import dev.ferry.sink.dialect.mysql.MySqlDialect;
import dev.ferry.sink.event.TableId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How rows of one INSERT form are cut into multi-row statements: by count, by bytes, never empty. */
class MultiRowInsertsTest {

    private static final long MIB = 1024 * 1024;

    private final Dialect my = new MySqlDialect();
    private final MultiRowInserts inserts = new MultiRowInserts(my);
    private final BoundSql upsert = my.upsert(new TableId(null, "t"), List.of("id", "body"), List.of("id"));

    @Test
    void smallRowsAreCutByCountOnly() {
        assertThat(MultiRowInserts.split(sizes(600, 100), 256, 4 * MIB)).containsExactly(256, 256, 88);
        assertThat(MultiRowInserts.split(sizes(3, 100), 256, 4 * MIB)).containsExactly(3);
        assertThat(MultiRowInserts.split(new long[0], 256, 4 * MIB)).isEmpty();
    }

    @Test
    void largeRowsAreCutByBytesBeforeTheCountIsReached() {
        assertThat(MultiRowInserts.split(sizes(40, 2 * MIB), 256, 4 * MIB)).hasSize(20).containsOnly(2);
        assertThat(MultiRowInserts.split(new long[] {MIB, MIB, MIB, MIB, 1, 3 * MIB, 3 * MIB}, 256, 4 * MIB))
                .as("a statement is full when the next row would exceed the budget").containsExactly(4, 2, 1);
    }

    @Test
    void aRowLargerThanTheBudgetGoesAlone() {
        assertThat(MultiRowInserts.split(new long[] {10, 20, 9 * MIB, 30, 9 * MIB, 9 * MIB}, 256, 4 * MIB))
                .containsExactly(2, 1, 1, 1, 1);
        assertThat(MultiRowInserts.split(new long[] {5, 5, 5}, 256, 0)).as("at least one row per statement")
                .containsExactly(1, 1, 1);
    }

    @Test
    void statementSizesEstimateEachRowsValues() {
        List<PendingWrite> rows = new ArrayList<>();
        for (int id = 0; id < 5; id++) {
            rows.add(row(id, "x".repeat((int) (3 * MIB))));
        }
        rows.add(row(5, "small"));
        rows.add(row(6, "small"));
        assertThat(inserts.statementSizes(upsert, rows)).containsExactly(1, 1, 1, 1, 3);
    }

    @Test
    void theFullSizeStatementIsBuiltOnceAndShorterOnesOnDemand() {
        int full = inserts.rowsPerStatement(upsert);
        assertThat(full).isEqualTo(my.rowsPerInsert());
        String first = inserts.sql(upsert, full);
        assertThat(first).isEqualTo(my.multiRow(upsert, full).sql());
        assertThat(inserts.sql(upsert, full)).isSameAs(first);
        assertThat(inserts.sql(upsert, 2)).isEqualTo(my.multiRow(upsert, 2).sql());
    }

    @Test
    void wideRowsTakeFewerRowsThanThePlaceholderLimitAllows() {
        List<String> columns = new ArrayList<>(Collections.nCopies(1000, "c"));
        BoundSql wide = new BoundSql(my.insert(new TableId(null, "w"), columns).sql(), columns);
        assertThat(inserts.rowsPerStatement(wide)).isEqualTo(65);
    }

    private static long[] sizes(int rows, long bytes) {
        long[] sizes = new long[rows];
        Arrays.fill(sizes, bytes);
        return sizes;
    }

    private static PendingWrite row(long id, String body) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("body", body);
        return new PendingWrite(false, List.of(id), row, null, Set.of(), false, false, List.of());
    }
}
