package dev.ferry.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    private static final Thresholds STRICT = new Thresholds(Duration.ofSeconds(30), 1024L * 1024 * 1024);

    @Test
    void aHealthyPipelineExitsZero() {
        List<Alert> alerts = HealthCheck.alerts(List.of(StatusFixtures.source(1024, 50), StatusFixtures.sink(0, 0)), STRICT);

        assertThat(alerts).isEmpty();
        assertThat(HealthCheck.exitCode(alerts)).isZero();
    }

    @Test
    void eachConditionHasItsOwnExitCode() {
        assertThat(exitCode(StatusFixtures.failedSink())).isEqualTo(3);
        assertThat(exitCode(StatusFixtures.retryingSink())).isEqualTo(4);
        assertThat(exitCode(StatusFixtures.sink(100, 31_000))).isEqualTo(5);
        assertThat(exitCode(StatusFixtures.source(1024, 45_000))).isEqualTo(5);
        assertThat(exitCode(StatusFixtures.source(2L * 1024 * 1024 * 1024, 50))).isEqualTo(6);
    }

    @Test
    void theMostSevereConditionWinsAndEveryOneIsListed() {
        List<Alert> alerts = HealthCheck.alerts(List.of(StatusFixtures.source(2L * 1024 * 1024 * 1024, 50),
                StatusFixtures.sink(100, 31_000), StatusFixtures.failedSink()), STRICT);

        assertThat(alerts).extracting(Alert::condition).containsExactly(AlertCondition.FAILED_TASK,
                AlertCondition.LATENCY, AlertCondition.RETAINED_WAL);
        assertThat(HealthCheck.exitCode(alerts)).isEqualTo(3);
        assertThat(alerts.get(0).message()).isEqualTo("task shop-sink/0 FAILED: "
                + "org.apache.kafka.connect.errors.ConnectException: Giving up on table public.orders");
        assertThat(alerts.get(1).message()).isEqualTo("sink shop-sink latency 31000 ms (100 record(s) behind) is above "
                + "--max-latency 30000 ms");
        assertThat(alerts.get(2).message()).isEqualTo("slot ferry_shop retains 2.0 GB of WAL, above --max-retained-wal 1.0 GB");
    }

    @Test
    void thresholdsNotGivenAreNotChecked() {
        assertThat(HealthCheck.alerts(List.of(StatusFixtures.source(2L * 1024 * 1024 * 1024, 45_000),
                StatusFixtures.sink(100, 31_000)), Thresholds.none())).isEmpty();
    }

    @Test
    void pausedOrUnassignedTasksAreNotAlerts() {
        ConnectorStatus paused = StatusFixtures.sink(0, 0).withTasks(List.of(new TaskStatus(0, "PAUSED", null, null, null),
                new TaskStatus(1, "UNASSIGNED", null, null, null)));

        assertThat(exitCode(paused)).isZero();
    }

    @Test
    void aFailedConnectorWithoutTasksIsAFailure() {
        ConnectorStatus connector = new ConnectorStatus("x", "sink", "C", "FAILED", List.of(), null, null, null);

        assertThat(exitCode(connector)).isEqualTo(3);
    }

    private static int exitCode(ConnectorStatus connector) {
        return HealthCheck.exitCode(HealthCheck.alerts(List.of(connector), STRICT));
    }
}
