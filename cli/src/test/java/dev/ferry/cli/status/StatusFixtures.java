package dev.ferry.cli.status;

import dev.ferry.cli.status.SinkState.PartitionLag;
import dev.ferry.cli.status.SinkState.TopicLag;
import dev.ferry.cli.status.SourceState.HeartbeatState;
import dev.ferry.cli.status.SourceState.SlotState;
import dev.ferry.cli.status.SourceState.SourceTableState;
import java.util.List;

/** Hand-built connector states for the renderer and health-check tests. */
final class StatusFixtures {

    private StatusFixtures() {
    }

    static ConnectorStatus source(long retainedWalBytes, long heartbeatLatencyMillis) {
        SourceState state = new SourceState(true, "ferry_shop", new SlotState(true, retainedWalBytes, 128),
                new HeartbeatState(heartbeatLatencyMillis, 4000), null,
                List.of(new SourceTableState("public.orders", "shop.public.orders", true, 500, 1000)), List.of());
        return new ConnectorStatus("shop", "source", "dev.ferry.source.PostgresSourceConnector", "RUNNING",
                List.of(new TaskStatus(0, "RUNNING", "10.0.0.1:8083", null, null)), state, null, null);
    }

    static ConnectorStatus sink(long lagRecords, long latencyMillis) {
        SinkState state = new SinkState(List.of(new TopicLag("shop.public.orders",
                List.of(new PartitionLag(0, lagRecords, latencyMillis), new PartitionLag(1, 0, 0)))));
        return new ConnectorStatus("shop-sink", "sink", "dev.ferry.sink.DatabaseSinkConnector", "RUNNING",
                List.of(new TaskStatus(0, "RUNNING", "10.0.0.1:8083", null, null)), null, state, null);
    }

    static ConnectorStatus failedSink() {
        return sink(0, 0).withTasks(List.of(new TaskStatus(0, "FAILED", "10.0.0.1:8083",
                "org.apache.kafka.connect.errors.ConnectException: Giving up on table public.orders", null)));
    }

    static ConnectorStatus retryingSink() {
        return sink(10, 2000).withTasks(List.of(new TaskStatus(0, "RUNNING", "10.0.0.1:8083", null,
                new RetryWindowState(true, 600_000, 3))));
    }
}
