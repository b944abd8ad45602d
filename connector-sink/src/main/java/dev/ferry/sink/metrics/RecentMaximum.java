package dev.ferry.sink.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The largest value recorded in the last one to two minutes (0 when none): a maximum since the
 * start would keep one slow batch of last week on the dashboard forever. One thread records.
 */
final class RecentMaximum {

    private final TwoWindows windows;
    private final AtomicLongArray maxima = new AtomicLongArray(2);
    private final AtomicLongArray slotWindows = new AtomicLongArray(new long[] {-2, -2});

    RecentMaximum(TwoWindows windows) {
        this.windows = windows;
    }

    void record(long value) {
        long window = windows.current();
        int slot = TwoWindows.slot(window);
        if (slotWindows.get(slot) != window) {
            maxima.set(slot, value);
            slotWindows.set(slot, window);
        } else if (value > maxima.get(slot)) {
            maxima.set(slot, value);
        }
    }

    long get() {
        long now = windows.current();
        long max = 0;
        for (int slot = 0; slot < 2; slot++) {
            if (TwoWindows.recent(slotWindows.get(slot), now)) {
                max = Math.max(max, maxima.get(slot));
            }
        }
        return max;
    }
}
