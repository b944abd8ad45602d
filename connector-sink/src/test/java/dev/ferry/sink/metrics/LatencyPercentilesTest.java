package dev.ferry.sink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatencyPercentilesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final TwoWindows windows = new TwoWindows(60_000, now::get);
    private final LatencyPercentiles latencies = new LatencyPercentiles(windows);

    private void record(long millis) {
        latencies.record(millis, windows.current());
    }

    @Test
    void noLatencyRecordedReadsAsMinusOne() {
        assertThat(latencies.percentile(0.5)).isEqualTo(-1);
    }

    @Test
    void percentilesInterpolateInsideTheirBucket() {
        for (int i = 0; i < 98; i++) {
            record(150);
        }
        record(4_000);
        record(4_000);
        // 98 of 100 in (100, 200]: the median is halfway through that bucket's share.
        assertThat(latencies.percentile(0.5)).isBetween(100L, 200L);
        assertThat(latencies.percentile(0.99)).isBetween(2_000L, 5_000L);
    }

    @Test
    void latenciesOlderThanTheLastTwoWindowsAreForgotten() {
        record(10_000);
        now.addAndGet(60_000);
        record(5);
        assertThat(latencies.percentile(0.99)).as("previous window still counts").isGreaterThan(5_000);
        now.addAndGet(60_000);
        record(5);
        assertThat(latencies.percentile(0.99)).isLessThanOrEqualTo(5);
        now.addAndGet(180_000);
        assertThat(latencies.percentile(0.5)).isEqualTo(-1);
    }

    @Test
    void aLatencyAboveTheLastBucketReadsAsItsBound() {
        record(3_600_000);
        assertThat(latencies.percentile(0.5)).isEqualTo(LatencyPercentiles.BOUNDS[LatencyPercentiles.BOUNDS.length - 1]);
    }

    @Test
    void recentMaximumCoversTheCurrentAndPreviousWindow() {
        RecentMaximum max = new RecentMaximum(windows);
        assertThat(max.get()).isZero();
        max.record(700);
        max.record(300);
        now.addAndGet(60_000);
        max.record(100);
        assertThat(max.get()).isEqualTo(700);
        now.addAndGet(60_000);
        max.record(200);
        assertThat(max.get()).isEqualTo(200);
        now.addAndGet(120_000);
        assertThat(max.get()).isZero();
    }
}
