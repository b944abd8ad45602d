package dev.ferry.source.throttle;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces out work to a fixed number of units per second by sleeping (never spinning). Idle time
 * earns no credit, so a burst after a pause is paced like any other.
 */
final class RateLimiter {

    private final double nanosPerUnit;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextFreeNanos;

    RateLimiter(long unitsPerSecond) {
        this(unitsPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    RateLimiter(long unitsPerSecond, LongSupplier clock, Sleeper sleeper) {
        if (unitsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + unitsPerSecond);
        }
        this.nanosPerUnit = 1_000_000_000d / unitsPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.nextFreeNanos = clock.getAsLong();
    }

    /**
     * Takes {@code units}, first sleeping for as long as earlier units still occupy the budget;
     * returns the nanoseconds slept (the throttle's cost, which the metrics add up).
     */
    long acquire(long units) throws InterruptedException {
        if (units <= 0) {
            return 0;
        }
        long now = clock.getAsLong();
        if (nextFreeNanos < now) {
            nextFreeNanos = now;
        }
        long wait = nextFreeNanos - now;
        nextFreeNanos += (long) (units * nanosPerUnit);
        if (wait > 0) {
            sleeper.sleep(wait);
        }
        return Math.max(0, wait);
    }

    /** Sleeps for the given nanoseconds; replaceable in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }
}
