package dev.ferry.sink.throttle;

import java.util.concurrent.TimeUnit;

/**
 * Spaces work out to a fixed number of units per second by sleeping; idle time earns no credit.
 * (Deliberately a copy of the source module's tiny limiter: sink and source share no code.)
 */
public final class RateLimiter {

    private final double nanosPerUnit;
    private long nextFreeNanos = System.nanoTime();

    public RateLimiter(long unitsPerSecond) {
        this.nanosPerUnit = 1_000_000_000d / unitsPerSecond;
    }

    /** Takes {@code units}, sleeping while earlier units occupy the budget; returns the nanoseconds slept. */
    public long acquire(long units) throws InterruptedException {
        if (units <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        if (nextFreeNanos < now) {
            nextFreeNanos = now;
        }
        long wait = nextFreeNanos - now;
        nextFreeNanos += (long) (units * nanosPerUnit);
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return Math.max(0, wait);
    }
}
