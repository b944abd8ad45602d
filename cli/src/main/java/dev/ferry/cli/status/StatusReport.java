package dev.ferry.cli.status;

import java.time.Instant;
import java.util.List;

/** One look at a Connect cluster: every connector, and the alerts their state fired. */
public record StatusReport(Instant time, String connectUrl, List<ConnectorStatus> connectors, List<Alert> alerts) {

    public static StatusReport of(Instant time, String connectUrl, List<ConnectorStatus> connectors, Thresholds thresholds) {
        return new StatusReport(time, connectUrl, connectors, HealthCheck.alerts(connectors, thresholds));
    }

    public int exitCode() {
        return HealthCheck.exitCode(alerts);
    }
}
