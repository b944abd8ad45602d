package dev.ferry.source.snapshot.chunked;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.source.snapshot.chunked.ChunkPlanner.TableStats;
import dev.ferry.source.snapshot.chunked.SnapshotProgress.TableName;
import dev.ferry.source.snapshot.chunked.SnapshotProgress.TablePlan;
import org.junit.jupiter.api.Test;

/** Which tables are cut into ctid ranges, and how finely, by server version and catalog statistics. */
class ChunkPlannerTest {

    private static final TableName T = new TableName("public", "orders");
    /** 10,000 blocks of 60 rows, as ANALYZE counted them. */
    private static final TableStats ANALYZED = new TableStats("r", 10_000, 10_000, 600_000);

    @Test
    void postgres14AndLaterCutTablesIntoCtidRangesOfAboutChunkRows() {
        ChunkPlanner planner = new ChunkPlanner(140_000, 6_000);
        assertThat(planner.cutsTables()).isTrue();
        TablePlan plan = planner.plan(T, false, ANALYZED);
        assertThat(plan).isEqualTo(new TablePlan(T, 100, 100));
        assertThat(plan.ctidPredicate(1)).isEqualTo("ctid >= '(100,0)'::tid AND ctid < '(200,0)'::tid");
        assertThat(new ChunkPlanner(170_006, 6_000).plan(T, false, ANALYZED)).isEqualTo(plan);
    }

    @Test
    void postgres10To13ReadEachTableWholeBecauseACtidRangeScansTheWholeTable() {
        for (int version : new int[] {100_023, 120_022, 130_021, 139_999}) {
            ChunkPlanner planner = new ChunkPlanner(version, 6_000);
            assertThat(planner.cutsTables()).as("%d", version).isFalse();
            TablePlan plan = planner.plan(T, false, ANALYZED);
            assertThat(plan).as("%d", version).isEqualTo(TablePlan.wholeTable(T));
            assertThat(plan.ctidPredicate(0)).isNull();
        }
    }

    @Test
    void aTableNeverAnalyzedIsCutByADefaultRowsPerBlock() {
        ChunkPlanner planner = new ChunkPlanner(160_000, 6_000);
        assertThat(planner.plan(T, false, new TableStats("r", 1_000, 0, -1))).isEqualTo(new TablePlan(T, 100, 10));
        assertThat(planner.plan(T, false, new TableStats("r", 0, 0, -1))).as("empty").isEqualTo(new TablePlan(T, 100, 1));
    }

    @Test
    void tablesWithoutCtidsOfTheirOwnOrWithASelectOverrideAreReadWhole() {
        ChunkPlanner planner = new ChunkPlanner(160_000, 6_000);
        assertThat(planner.plan(T, false, new TableStats("p", 10_000, 10_000, 600_000)))
                .as("partitioned parent").isEqualTo(TablePlan.wholeTable(T));
        assertThat(planner.plan(T, true, ANALYZED)).as("select override").isEqualTo(TablePlan.wholeTable(T));
        assertThat(planner.plan(T, false, null)).as("not in the catalog").isEqualTo(TablePlan.wholeTable(T));
    }
}
