package dev.ferry.sink.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Percentiles of latencies recorded in the last one to two minutes, from fixed buckets (1-2-5
 * steps from 1 ms to 10 minutes) interpolated linearly inside the bucket, as Prometheus'
 * histogram_quantile does. Recording is a bucket search and an increment: it runs once per
 * change applied, so it allocates nothing. One thread records; JMX reads from others.
 */
final class LatencyPercentiles {

    /** Upper bounds of the buckets in milliseconds; a last bucket takes what lies above. */
    static final long[] BOUNDS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
        100_000, 200_000, 600_000};

    private final TwoWindows windows;
    private final AtomicLongArray[] counts = {new AtomicLongArray(BOUNDS.length + 1),
        new AtomicLongArray(BOUNDS.length + 1)};
    private final AtomicLongArray slotWindows = new AtomicLongArray(new long[] {-2, -2});

    LatencyPercentiles(TwoWindows windows) {
        this.windows = windows;
    }

    /** Records a latency measured in window {@code window} (the caller's clock read serves both). */
    void record(long millis, long window) {
        int slot = TwoWindows.slot(window);
        AtomicLongArray bucketCounts = counts[slot];
        if (slotWindows.get(slot) != window) {
            for (int i = 0; i < bucketCounts.length(); i++) {
                bucketCounts.set(i, 0);
            }
            slotWindows.set(slot, window);
        }
        bucketCounts.incrementAndGet(bucket(millis));
    }

    static int bucket(long millis) {
        int i = 0;
        while (i < BOUNDS.length && millis > BOUNDS[i]) {
            i++;
        }
        return i;
    }

    /** The {@code quantile} (0..1) of the recent latencies in milliseconds; -1 when none was recorded. */
    long percentile(double quantile) {
        long now = windows.current();
        long[] merged = new long[BOUNDS.length + 1];
        long total = 0;
        for (int slot = 0; slot < 2; slot++) {
            if (TwoWindows.recent(slotWindows.get(slot), now)) {
                for (int i = 0; i < merged.length; i++) {
                    long n = counts[slot].get(i);
                    merged[i] += n;
                    total += n;
                }
            }
        }
        if (total == 0) {
            return -1;
        }
        double rank = quantile * total;
        long below = 0;
        for (int i = 0; i < merged.length; i++) {
            if (merged[i] > 0 && below + merged[i] >= rank) {
                if (i == BOUNDS.length) {
                    return BOUNDS[BOUNDS.length - 1];
                }
                long lower = i == 0 ? 0 : BOUNDS[i - 1];
                return Math.round(lower + (BOUNDS[i] - lower) * ((rank - below) / merged[i]));
            }
            below += merged[i];
        }
        return BOUNDS[BOUNDS.length - 1];
    }
}
