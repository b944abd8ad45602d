package dev.ferry.cli;

/** An expected failure: printed as one line, without a stack trace, and the command exits non-zero. */
public class FerryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FerryException(String message) {
        super(message);
    }

    public FerryException(String message, Throwable cause) {
        super(message, cause);
    }
}
