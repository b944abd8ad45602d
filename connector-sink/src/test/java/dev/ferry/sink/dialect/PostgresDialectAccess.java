package dev.ferry.sink.dialect;

import java.util.List;

/** Reaches the package-private array literal builder from this test package. */
final class PostgresDialectAccess {

    private PostgresDialectAccess() {
    }

    static String arrayLiteral(List<?> list) {
        return dev.ferry.sink.dialect.postgres.PostgresDialect.arrayLiteral(list);
    }
}
