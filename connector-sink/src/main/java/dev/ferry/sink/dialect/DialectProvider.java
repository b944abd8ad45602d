package dev.ferry.sink.dialect;

/**
 * Registered in {@code META-INF/services}; the provider scoring a JDBC URL highest supplies the
 * dialect, unless {@code dialect.name} names one.
 */
public interface DialectProvider {

    String name();

    /** 0 when the URL is not this dialect's; higher for a better match. */
    int score(String jdbcUrl);

    Dialect create();
}
