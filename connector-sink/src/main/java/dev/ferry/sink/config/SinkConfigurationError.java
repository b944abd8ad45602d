package dev.ferry.sink.config;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A record that the configuration cannot handle (two tables routed to one, a key field that does
 * not exist): every record would fail the same way, so the task stops naming the key to fix
 * instead of sending the stream to the dead-letter queue under errors.tolerance=all.
 */
public final class SinkConfigurationError extends ConnectException {

    public SinkConfigurationError(String message) {
        super(message);
    }
}
