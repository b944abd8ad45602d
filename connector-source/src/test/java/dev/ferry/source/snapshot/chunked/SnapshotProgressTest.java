package dev.ferry.source.snapshot.chunked;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.source.snapshot.chunked.SnapshotProgress.TableName;
import dev.ferry.source.snapshot.chunked.SnapshotProgress.TablePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotProgressTest {

    private static final TableName ODD = new TableName("sch.ema=1;x", "t/a ble:\"é\u00e9\uD83D\uDE80");
    private static final TableName PLAIN = new TableName("public", "accounts");

    @Test
    void roundTripsPlansDoneChunksAndOddNames() {
        SnapshotProgress progress = SnapshotProgress.start(List.of(new TablePlan(ODD, 1640, 13), TablePlan.wholeTable(PLAIN)))
                .withDone(ODD, 0).withDone(ODD, 1).withDone(ODD, 2).withDone(ODD, 5).withDone(ODD, 12);
        SnapshotProgress decoded = SnapshotProgress.decode(progress.encode());
        assertThat(decoded.encode()).isEqualTo(progress.encode());
        assertThat(progress.encode()).contains("=1640x13:0-2,5,12");
        assertThat(decoded.plans()).containsOnlyKeys(ODD, PLAIN);
        assertThat(decoded.plans().get(ODD)).isEqualTo(new TablePlan(ODD, 1640, 13));
        assertThat(decoded.isDone(ODD, 1)).isTrue();
        assertThat(decoded.isDone(ODD, 3)).isFalse();
        assertThat(decoded.started(ODD)).isTrue();
        assertThat(decoded.started(PLAIN)).isFalse();
        assertThat(decoded.doneChunks()).isEqualTo(5);
        assertThat(decoded.totalChunks()).isEqualTo(14);
    }

    @Test
    void progressIsImmutable() {
        SnapshotProgress before = SnapshotProgress.start(List.of(new TablePlan(PLAIN, 10, 3)));
        SnapshotProgress after = before.withDone(PLAIN, 1);
        assertThat(before.isDone(PLAIN, 1)).isFalse();
        assertThat(after.isDone(PLAIN, 1)).isTrue();
    }

    @Test
    void chunksCoverEveryBlockOnceAndTheLastIsOpenEnded() {
        TablePlan plan = new TablePlan(PLAIN, 100, 3);
        assertThat(plan.ctidPredicate(0)).isEqualTo("ctid >= '(0,0)'::tid AND ctid < '(100,0)'::tid");
        assertThat(plan.ctidPredicate(1)).isEqualTo("ctid >= '(100,0)'::tid AND ctid < '(200,0)'::tid");
        assertThat(plan.ctidPredicate(2)).isEqualTo("ctid >= '(200,0)'::tid");
        assertThat(new TablePlan(PLAIN, 100, 1).ctidPredicate(0)).isNull();
        assertThat(TablePlan.wholeTable(PLAIN).ctidPredicate(0)).isNull();
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> SnapshotProgress.decode("public/t=abc")).hasMessageContaining("public/t=abc");
        assertThatThrownBy(() -> new TablePlan(PLAIN, 0, 2)).hasMessageContaining("public.accounts");
        assertThat(SnapshotProgress.decode("").plans()).isEmpty();
    }
}
