package dev.ferry.cli.status;

/**
 * Why {@code ferry status} exits non-zero. The codes start at 3 because picocli already uses 1
 * (the command itself failed, e.g. no worker answers) and 2 (a usage error); when several
 * conditions fire, the most severe one (the lowest code) is the exit code.
 */
public enum AlertCondition {
    FAILED_TASK(3, "failed_task"),
    RETRY_WINDOW(4, "retry_window"),
    LATENCY(5, "latency"),
    RETAINED_WAL(6, "retained_wal");

    private final int exitCode;
    private final String jsonName;

    AlertCondition(int exitCode, String jsonName) {
        this.exitCode = exitCode;
        this.jsonName = jsonName;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The name in the JSON document's {@code alerts[].condition}. */
    public String jsonName() {
        return jsonName;
    }
}
