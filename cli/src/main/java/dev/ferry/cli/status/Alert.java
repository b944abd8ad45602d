package dev.ferry.cli.status;

/** A condition that fired for a connector, with a message that names the value and the threshold. */
public record Alert(AlertCondition condition, String connector, String message) {
}
