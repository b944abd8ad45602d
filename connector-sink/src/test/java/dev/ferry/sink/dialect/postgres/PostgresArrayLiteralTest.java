package dev.ferry.sink.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresArrayLiteralTest {

    @Test
    void arrayLiteralsQuoteEscapeAndNest() {
        assertThat(PostgresDialect.arrayLiteral(List.of(1, 2, 3))).isEqualTo("{1,2,3}");
        assertThat(PostgresDialect.arrayLiteral(Arrays.asList("a\"b", null, "c\\d")))
                .isEqualTo("{\"a\\\"b\",NULL,\"c\\\\d\"}");
        assertThat(PostgresDialect.arrayLiteral(List.of(List.of(1, 2), List.of(3, 4)))).isEqualTo("{{1,2},{3,4}}");
    }
}
