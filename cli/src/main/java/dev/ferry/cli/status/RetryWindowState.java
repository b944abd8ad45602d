package dev.ferry.cli.status;

/** A sink task's retry window as its MBean reports it: whether it is failing and retrying, for how much longer. */
public record RetryWindowState(boolean active, long remainingMillis, long attempts) {
}
