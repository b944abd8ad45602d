package dev.ferry.sink.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Count, sum and recent maximum of a value recorded once per batch (its records, its apply
 * time). Count and sum only grow, so Prometheus derives the average over any range from their
 * rates; the maximum is {@link RecentMaximum}'s. One thread records.
 */
final class ValueSummary {

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();
    private final RecentMaximum max;

    ValueSummary(TwoWindows windows) {
        this.max = new RecentMaximum(windows);
    }

    void record(long value) {
        count.incrementAndGet();
        sum.addAndGet(value);
        max.record(value);
    }

    long count() {
        return count.get();
    }

    long sum() {
        return sum.get();
    }

    long recentMax() {
        return max.get();
    }
}
