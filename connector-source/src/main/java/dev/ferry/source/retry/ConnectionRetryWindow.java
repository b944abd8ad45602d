package dev.ferry.source.retry;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The source's retry window (connection.retry.window.ms): a database that cannot be reached, at
 * task start or while streaming, is tried again until {@code windowMs} has passed since the
 * outage's first failure; then the task fails naming the cause. At start the task backs off
 * doubling from 1 s up to a minute; while streaming Debezium restarts its own task after each
 * failure. An outage is a run of failures: a failure more than {@link #OUTAGE_GAP_MS} after the
 * previous one, or after {@link #recovered()}, opens a new window, so a database that flapped hours
 * ago does not shorten today's. Thread-safe: the metrics read it from JMX. The clock is injectable.
 */
public final class ConnectionRetryWindow {

    /** Longer than the longest wait between two attempts (the backoff cap, Debezium's 10 s restart wait). */
    static final long OUTAGE_GAP_MS = 120_000;
    private static final long INITIAL_BACKOFF_MS = 1000;
    private static final long MAX_BACKOFF_MS = 60_000;

    private final long windowMs;
    private final LongSupplier clock;
    private long failingSince = -1;
    private long lastFailureAt = -1;
    private int attempts;

    public ConnectionRetryWindow(long windowMs, LongSupplier clock) {
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
    public synchronized long failed() {
        long now = clock.getAsLong();
        if (failingSince < 0 || now - lastFailureAt > OUTAGE_GAP_MS) {
            failingSince = now;
            attempts = 0;
        }
        lastFailureAt = now;
        attempts++;
        if (now - failingSince >= windowMs) {
            return -1;
        }
        long backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS << Math.min(attempts - 1, 16));
        return Math.min(backoff, windowMs - (now - failingSince));
    }

    /** The database answered again; returns whether an outage ended (for one INFO line). */
    public synchronized boolean recovered() {
        boolean wasFailing = failing();
        failingSince = -1;
        lastFailureAt = -1;
        return wasFailing;
    }

    /** Whether an outage is going on: a failure not yet followed by {@link #recovered()} nor by a long quiet. */
    public synchronized boolean failing() {
        return failingSince >= 0 && clock.getAsLong() - lastFailureAt <= OUTAGE_GAP_MS;
    }

    /** Attempts in the current outage; 0 when none is going on. */
    public synchronized int attempts() {
        return failing() ? attempts : 0;
    }

    public synchronized Duration failingFor() {
        return Duration.ofMillis(failing() ? clock.getAsLong() - failingSince : 0);
    }

    /** Time before the window closes; 0 when no outage is going on. */
    public synchronized Duration left() {
        return Duration.ofMillis(failing() ? Math.max(0, windowMs - failingFor().toMillis()) : 0);
    }
}
