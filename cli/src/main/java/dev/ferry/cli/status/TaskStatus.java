package dev.ferry.cli.status;

/**
 * A task's state from the Connect REST API, the first line of its trace when it failed, and its
 * retry window when the worker's JMX was read ({@code null} otherwise: a sink task retrying
 * inside its window is RUNNING with no trace as far as the REST API can tell).
 */
public record TaskStatus(int id, String state, String workerId, String error, RetryWindowState retryWindow) {

    public boolean failed() {
        return "FAILED".equals(state);
    }

    public boolean inRetryWindow() {
        return retryWindow != null && retryWindow.active();
    }

    public TaskStatus withRetryWindow(RetryWindowState window) {
        return new TaskStatus(id, state, workerId, error, window);
    }
}
