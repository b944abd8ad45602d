package dev.ferry.cli.status;

import java.time.Duration;

/** The alert thresholds given on the command line; a null one is not checked. */
public record Thresholds(Duration maxLatency, Long maxRetainedWalBytes) {

    public static Thresholds none() {
        return new Thresholds(null, null);
    }
}
