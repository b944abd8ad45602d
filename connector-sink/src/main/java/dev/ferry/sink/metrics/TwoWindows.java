package dev.ferry.sink.metrics;

import java.util.function.LongSupplier;

/**
 * Splits time into windows of fixed length and says which of two slots holds the current one.
 * A slot counts for window {@code w} or is stale, so readers can combine the current and the
 * previous window (the last one to two window lengths) without any lock: what "recent" means for
 * {@link RecentMaximum} and {@link LatencyPercentiles}.
 */
final class TwoWindows {

    static final long DEFAULT_LENGTH_MS = 60_000;

    private final long lengthMs;
    private final LongSupplier clock;

    TwoWindows(long lengthMs, LongSupplier clock) {
        this.lengthMs = lengthMs;
        this.clock = clock;
    }

    /** The number of the window that holds now. */
    long current() {
        return windowOf(clock.getAsLong());
    }

    /** The number of the window that holds {@code timeMs} (for callers that have read the clock already). */
    long windowOf(long timeMs) {
        return timeMs / lengthMs;
    }

    /** The slot window {@code window} records into. */
    static int slot(long window) {
        return (int) (window & 1);
    }

    /** Whether a slot last written for {@code slotWindow} still counts in window {@code now}. */
    static boolean recent(long slotWindow, long now) {
        return slotWindow == now || slotWindow == now - 1;
    }
}
