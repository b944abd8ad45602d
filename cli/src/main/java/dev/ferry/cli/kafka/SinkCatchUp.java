package dev.ferry.cli.kafka;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a sink connector has applied every record in its topics, for commands that compare the
 * target with the source: a difference found while records are still in flight is not one.
 */
public final class SinkCatchUp {

    private static final int TIMEOUT_MS = 5000;

    private SinkCatchUp() {
    }

    /** One line for the user: caught up, how far behind, or why it could not be told. */
    public static String describe(String bootstrapServers, String sinkName) {
        if (sinkName == null || sinkName.isBlank()) {
            return "note: not checked whether the sink has applied every record: give --sink-name (or keep the "
                    + "connector's name in the sink config file, as {\"name\": …, \"config\": {…}})";
        }
        try (Admin admin = KafkaOffsets.admin(bootstrapServers, TIMEOUT_MS)) {
            Map<TopicPartition, Long> lag = KafkaOffsets.sinkLag(admin, sinkName);
            long behind = lag.values().stream().mapToLong(Long::longValue).sum();
            if (lag.isEmpty()) {
                return "warning: sink " + sinkName + " has committed no positions yet (consumer group connect-"
                        + sinkName + "): differences may be rows it has not applied yet";
            }
            if (behind > 0) {
                return "warning: sink " + sinkName + " has not caught up: " + behind + " record(s) not yet applied "
                        + "(consumer group connect-" + sinkName + "), so differences may be changes in flight; "
                        + "stop writes and wait for lag 0 in `ferry status` before trusting a difference or repairing";
            }
            return "sink " + sinkName + " has applied every record in its topics (lag 0)";
        } catch (Exception e) {
            return "note: could not check whether sink " + sinkName + " has caught up (Kafka at " + bootstrapServers
                    + "): " + rootMessage(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
