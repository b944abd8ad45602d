package dev.ferry.source.retry;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The source's retry window at task start: a database that cannot be reached is tried again with
 * a doubling backoff (1 s up to a minute) until {@code windowMs} has passed since the first
 * failure; any other error, or a connection failure after the window, ends the task. The clock is
 * injectable for tests.
 */
public final class StartupRetry {

    private static final long INITIAL_BACKOFF_MS = 1000;
    private static final long MAX_BACKOFF_MS = 60_000;

    private final long windowMs;
    private final LongSupplier clock;
    private long failingSince = -1;
    private int attempts;

    public StartupRetry(long windowMs, LongSupplier clock) {
        this.windowMs = windowMs;
        this.clock = clock;
    }

    /** Whether {@code error} means the database could not be reached (as opposed to refused the work). */
    public static boolean isConnectionFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            // 08: connection exceptions; 57P01-57P03: the server shuts down, crashed, or is starting up or shutting down.
            if (cause instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
                    || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a connection failure; returns how long to wait before the next attempt, or -1 when
     * the window has passed.
     */
    public long failed() {
        long now = clock.getAsLong();
        if (failingSince < 0) {
            failingSince = now;
        }
        attempts++;
        if (now - failingSince >= windowMs) {
            return -1;
        }
        long backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS << Math.min(attempts - 1, 16));
        return Math.min(backoff, windowMs - (now - failingSince));
    }

    public int attempts() {
        return attempts;
    }

    public Duration failingFor() {
        return Duration.ofMillis(failingSince < 0 ? 0 : clock.getAsLong() - failingSince);
    }

    public Duration left() {
        return Duration.ofMillis(Math.max(0, windowMs - failingFor().toMillis()));
    }
}
