package dev.ferry.source.precheck;

/**
 * One precheck finding, reported on the config key it concerns; the message names the object and
 * the fix.
 */
public record PrecheckItem(Status status, String configKey, String check, String message) {

    /** Outcome of one check. */
    public enum Status { PASS, WARN, FAIL }

    public static PrecheckItem pass(String configKey, String check, String message) {
        return new PrecheckItem(Status.PASS, configKey, check, message);
    }

    public static PrecheckItem warn(String configKey, String check, String message) {
        return new PrecheckItem(Status.WARN, configKey, check, message);
    }

    public static PrecheckItem fail(String configKey, String check, String message) {
        return new PrecheckItem(Status.FAIL, configKey, check, message);
    }

    @Override
    public String toString() {
        return status + " [" + check + "] " + message;
    }
}
