package dev.ferry.source.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ConnectionRetryWindowTest {

    private long now = 1_000_000;

    @Test
    void backsOffDoublingWithinTheWindowThenGivesUp() {
        ConnectionRetryWindow retry = new ConnectionRetryWindow(10_000, () -> now);
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
    void aRecoveryOrALongQuietEndsTheOutageAndTheNextFailureOpensANewWindow() {
        ConnectionRetryWindow window = new ConnectionRetryWindow(30_000, () -> now);
        assertThat(window.failing()).isFalse();
        assertThat(window.left()).isZero();
        window.failed();
        now += 10_000;
        window.failed();
        assertThat(window.failing()).isTrue();
        assertThat(window.attempts()).isEqualTo(2);
        assertThat(window.left().toMillis()).isEqualTo(20_000);

        assertThat(window.recovered()).as("an outage ended").isTrue();
        assertThat(window.recovered()).as("nothing to end").isFalse();
        assertThat(window.attempts()).isZero();
        now += 10_000;
        window.failed();
        assertThat(window.left().toMillis()).as("a fresh window").isEqualTo(30_000);

        now += ConnectionRetryWindow.OUTAGE_GAP_MS + 1;
        assertThat(window.failing()).as("quiet for longer than any wait between attempts").isFalse();
        assertThat(window.failed()).as("a new outage, not the old one's end").isEqualTo(1000);
        assertThat(window.attempts()).isEqualTo(1);
    }

    @Test
    void onlyUnreachableDatabasesAreRetried() {
        assertThat(ConnectionRetryWindow.isConnectionFailure(new SQLException("refused", "08001"))).isTrue();
        assertThat(ConnectionRetryWindow.isConnectionFailure(new SQLException("x", new ConnectException("refused")))).isTrue();
        assertThat(ConnectionRetryWindow.isConnectionFailure(new SQLException("permission denied", "42501"))).isFalse();
        // A server that is shutting down or starting up refuses connections with 57P03, not 08xxx.
        assertThat(ConnectionRetryWindow.isConnectionFailure(new SQLException("the database system is shutting down",
                "57P03"))).isTrue();
        assertThat(ConnectionRetryWindow.isConnectionFailure(new SQLException("terminating connection due to administrator "
                + "command", "57P01"))).isTrue();
        assertThat(ConnectionRetryWindow.isConnectionFailure(new SQLException("canceling statement", "57014"))).isFalse();
    }
}
