package dev.ferry.cli.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns what was collected into alerts and the exit code. PAUSED, STOPPED and UNASSIGNED are not
 * alerts: an operator pauses a connector on purpose and Connect reassigns tasks by itself; a
 * pipeline that stays behind shows as latency instead.
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    public static List<Alert> alerts(List<ConnectorStatus> connectors, Thresholds thresholds) {
        List<Alert> alerts = new ArrayList<>();
        for (ConnectorStatus connector : connectors) {
            if ("FAILED".equals(connector.state())) {
                alerts.add(new Alert(AlertCondition.FAILED_TASK, connector.name(), "connector " + connector.name() + " FAILED"));
            }
            for (TaskStatus task : connector.tasks()) {
                if (task.failed()) {
                    alerts.add(new Alert(AlertCondition.FAILED_TASK, connector.name(), "task " + connector.name() + "/"
                            + task.id() + " FAILED" + (task.error() == null ? "" : ": " + task.error())));
                } else if (task.inRetryWindow()) {
                    alerts.add(new Alert(AlertCondition.RETRY_WINDOW, connector.name(), "task " + connector.name() + "/"
                            + task.id() + " is retrying (attempt " + task.retryWindow().attempts() + "), fails in "
                            + task.retryWindow().remainingMillis() / 1000 + " s unless its database recovers"));
                }
            }
            latency(connector, thresholds, alerts);
            retainedWal(connector, thresholds, alerts);
        }
        alerts.sort(Comparator.comparing(Alert::condition));
        return alerts;
    }

    /** 0 when healthy, else the code of the most severe condition. */
    public static int exitCode(List<Alert> alerts) {
        return alerts.stream().mapToInt(a -> a.condition().exitCode()).min().orElse(0);
    }

    private static void latency(ConnectorStatus connector, Thresholds thresholds, List<Alert> alerts) {
        if (thresholds.maxLatency() == null) {
            return;
        }
        long max = thresholds.maxLatency().toMillis();
        if (connector.sink() != null && connector.sink().latencyMillis() > max) {
            alerts.add(new Alert(AlertCondition.LATENCY, connector.name(), "sink " + connector.name() + " latency "
                    + connector.sink().latencyMillis() + " ms (" + connector.sink().lagRecords()
                    + " record(s) behind) is above --max-latency " + max + " ms"));
        }
        if (connector.source() != null && connector.source().heartbeat() != null
                && connector.source().heartbeat().latencyMillis() > max) {
            alerts.add(new Alert(AlertCondition.LATENCY, connector.name(), "source " + connector.name()
                    + " heartbeat latency " + connector.source().heartbeat().latencyMillis()
                    + " ms is above --max-latency " + max + " ms"));
        }
    }

    private static void retainedWal(ConnectorStatus connector, Thresholds thresholds, List<Alert> alerts) {
        if (thresholds.maxRetainedWalBytes() == null || connector.source() == null || connector.source().slot() == null) {
            return;
        }
        long retained = connector.source().slot().retainedWalBytes();
        if (retained > thresholds.maxRetainedWalBytes()) {
            alerts.add(new Alert(AlertCondition.RETAINED_WAL, connector.name(), "slot " + connector.source().slotName()
                    + " retains " + DataSize.format(retained) + " of WAL, above --max-retained-wal "
                    + DataSize.format(thresholds.maxRetainedWalBytes())));
        }
    }
}
