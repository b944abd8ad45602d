package dev.ferry.cli.status;

import dev.ferry.cli.status.SinkState.PartitionLag;
import dev.ferry.cli.status.SinkState.TopicLag;
import dev.ferry.cli.status.SourceState.DdlCommand;
import dev.ferry.cli.status.SourceState.SourceTableState;
import java.io.PrintWriter;

/** The human view of a {@link StatusReport}: one block per connector, then the alerts that fired. */
public final class TextStatusRenderer {

    private TextStatusRenderer() {
    }

    public static void render(StatusReport report, PrintWriter out) {
        if (report.connectors().isEmpty()) {
            out.println("no connectors on " + report.connectUrl());
        }
        for (ConnectorStatus connector : report.connectors()) {
            out.printf("%s (%s, %s): connector %s%n", connector.name(), connector.type(), connector.connectorClass(),
                    connector.state());
            for (TaskStatus task : connector.tasks()) {
                task(out, task);
            }
            if (connector.source() != null) {
                source(out, connector.source());
            }
            if (connector.sink() != null) {
                sink(out, connector.sink());
            }
            if (connector.detailsError() != null) {
                out.printf("  (details unavailable: %s)%n", connector.detailsError());
            }
        }
        if (report.alerts().isEmpty()) {
            out.println("healthy");
        }
        for (Alert alert : report.alerts()) {
            out.printf("ALERT %s (exit %d): %s%n", alert.condition().jsonName(), alert.condition().exitCode(), alert.message());
        }
    }

    private static void task(PrintWriter out, TaskStatus task) {
        out.printf("  task %d: %s%n", task.id(), task.state());
        if (task.error() != null) {
            out.printf("    error: %s%n", task.error());
        }
        if (task.inRetryWindow()) {
            out.printf("    retrying: attempt %d, %d s left in the retry window%n", task.retryWindow().attempts(),
                    task.retryWindow().remainingMillis() / 1000);
        }
    }

    private static void source(PrintWriter out, SourceState source) {
        out.printf("  snapshot: %s%n", source.snapshotting() ? "in progress" : "done or not started");
        if (source.slot() == null) {
            out.printf("  slot %s: missing%n", source.slotName());
        } else {
            out.printf("  slot %s: %s, retains %s of WAL, %s not yet confirmed%n", source.slotName(),
                    source.slot().active() ? "active" : "INACTIVE", DataSize.format(source.slot().retainedWalBytes()),
                    DataSize.format(source.slot().unconfirmedWalBytes()));
        }
        for (SourceTableState table : source.tables()) {
            if (table.snapshotting()) {
                out.printf("    %s: snapshot %d%% (%d of about %d rows in %s)%n", table.table(), table.snapshotPercent(),
                        table.rowsInTopic(), table.estimatedRows(), table.topic());
            } else {
                out.printf("    %s: streaming to %s%n", table.table(), table.topic());
            }
        }
        for (DdlCommand ddl : source.recentDdl()) {
            out.printf("  DDL %s: %s %s%s%n", ddl.created(), ddl.commandTag(), ddl.objectIdentity(),
                    ddl.replicated() ? "" : " (not replicated: see the worker log)");
        }
        if (source.heartbeat() != null) {
            out.printf("  heartbeat: latency %d ms (source commit to Kafka), newest %d s ago%n",
                    source.heartbeat().latencyMillis(), source.heartbeat().ageMillis() / 1000);
        } else {
            out.printf("  heartbeat: %s%n", source.heartbeatNote());
        }
    }

    private static void sink(PrintWriter out, SinkState sink) {
        if (sink.topics().isEmpty()) {
            out.println("  lag: no committed positions yet");
            return;
        }
        out.printf("  lag: %d record(s) in total, oldest waiting %d ms%n", sink.lagRecords(), sink.latencyMillis());
        for (TopicLag topic : sink.topics()) {
            for (PartitionLag partition : topic.partitions()) {
                out.printf("    %s-%d: %d%s%n", topic.topic(), partition.partition(), partition.lagRecords(),
                        partition.lagRecords() > 0 ? ", oldest waiting " + partition.latencyMillis() + " ms" : "");
            }
        }
    }
}
