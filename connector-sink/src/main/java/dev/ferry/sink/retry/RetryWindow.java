package dev.ferry.sink.retry;

import java.time.Duration;

/**
 * Tracks how long the current failure has lasted (DTS semantics): connection failures and other
 * failures each have their own window, measured from the first failure since the last success.
 */
public final class RetryWindow {

    private static final long MAX_BACKOFF_MS = 60_000;

    private final long connectionWindowMs;
    private final long errorWindowMs;
    private final long initialBackoffMs;
    private long failingSince = -1;
    private int attempts;

    public RetryWindow(long connectionWindowMs, long errorWindowMs, long initialBackoffMs) {
        this.connectionWindowMs = connectionWindowMs;
        this.errorWindowMs = errorWindowMs;
        this.initialBackoffMs = initialBackoffMs;
    }

    public void succeeded() {
        failingSince = -1;
        attempts = 0;
    }

    /** Records a failure at {@code nowMs}; true while it may still be retried. */
    public boolean failed(SqlErrors.Kind kind, long nowMs) {
        if (failingSince < 0) {
            failingSince = nowMs;
        }
        attempts++;
        long window = kind == SqlErrors.Kind.CONNECTION ? connectionWindowMs : errorWindowMs;
        return nowMs - failingSince < window;
    }

    /** When the current failure's window closes (the task then fails), for a failure of {@code kind}. */
    public long windowEndsAt(SqlErrors.Kind kind) {
        return failingSince < 0 ? -1 : failingSince + (kind == SqlErrors.Kind.CONNECTION ? connectionWindowMs : errorWindowMs);
    }

    public long nextBackoffMs() {
        long backoff = initialBackoffMs << Math.min(attempts - 1, 16);
        return Math.min(MAX_BACKOFF_MS, Math.max(0, backoff));
    }

    public int attempts() {
        return attempts;
    }

    public Duration failingFor(long nowMs) {
        return Duration.ofMillis(failingSince < 0 ? 0 : nowMs - failingSince);
    }
}
