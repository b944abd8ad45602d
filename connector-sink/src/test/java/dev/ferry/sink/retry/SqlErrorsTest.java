package dev.ferry.sink.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @Test
    void aUniqueViolationOnTheTargetsDataIsADataError() {
        assertThat(SqlErrors.classify(new SQLException("ERROR: duplicate key value violates unique constraint "
                + "\"orders_email_key\"", "23505"))).isEqualTo(SqlErrors.Kind.DATA);
    }

    /** Found by ChaosIT (seeds 1 and 2): two tasks created the same target table at once. */
    @Test
    void aUniqueViolationOnPostgresCatalogsIsARaceRetriedNotBadData() {
        assertThat(SqlErrors.classify(new SQLException("ERROR: duplicate key value violates unique constraint "
                + "\"pg_type_typname_nsp_index\"\n  Detail: Key (typname, typnamespace)=(chaos_1, 2200) already exists.",
                "23505"))).isEqualTo(SqlErrors.Kind.OTHER);
    }

    @Test
    void aLostConnectionIsAConnectionError() {
        assertThat(SqlErrors.classify(new SQLException("terminating connection", "57P01")))
                .isEqualTo(SqlErrors.Kind.CONNECTION);
    }
}
