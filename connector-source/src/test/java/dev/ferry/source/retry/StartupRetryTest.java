package dev.ferry.source.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StartupRetryTest {

    private long now = 1_000_000;

    @Test
    void backsOffDoublingWithinTheWindowThenGivesUp() {
        StartupRetry retry = new StartupRetry(10_000, () -> now);
        assertThat(retry.failed()).isEqualTo(1000);
        now += 1000;
        assertThat(retry.failed()).isEqualTo(2000);
        now += 2000;
        assertThat(retry.failed()).isEqualTo(4000);
        now += 4000;
        assertThat(retry.failed()).as("capped by the time left").isEqualTo(3000);
        now += 3000;
        assertThat(retry.failed()).isEqualTo(-1);
        assertThat(retry.attempts()).isEqualTo(5);
    }

    @Test
    void onlyUnreachableDatabasesAreRetried() {
        assertThat(StartupRetry.isConnectionFailure(new SQLException("refused", "08001"))).isTrue();
        assertThat(StartupRetry.isConnectionFailure(new SQLException("x", new ConnectException("refused")))).isTrue();
        assertThat(StartupRetry.isConnectionFailure(new SQLException("permission denied", "42501"))).isFalse();
        // A server that is shutting down or starting up refuses connections with 57P03, not 08xxx.
        assertThat(StartupRetry.isConnectionFailure(new SQLException("the database system is shutting down",
                "57P03"))).isTrue();
        assertThat(StartupRetry.isConnectionFailure(new SQLException("terminating connection due to administrator "
                + "command", "57P01"))).isTrue();
        assertThat(StartupRetry.isConnectionFailure(new SQLException("canceling statement", "57014"))).isFalse();
    }
}
