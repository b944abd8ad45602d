package dev.ferry.cli.status;

/** A task's retry window (sink: its target; source: its database) as its MBean reports it: whether it is failing and retrying, for how much longer. */
public record RetryWindowState(boolean active, long remainingMillis, long attempts) {
}
