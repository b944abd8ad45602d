package dev.ferry.cli.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.cli.status.SinkState.PartitionLag;
import dev.ferry.cli.status.SinkState.TopicLag;
import dev.ferry.cli.status.SourceState.DdlCommand;
import dev.ferry.cli.status.SourceState.SourceTableState;

/**
 * {@code ferry status --json}. The field names are a public contract (README "ferry status
 * --json"): they are written out one by one rather than derived from the records, so renaming
 * a Java field cannot break a user's script.
 */
public final class JsonStatusRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonStatusRenderer() {
    }

    public static String render(StatusReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("time", report.time().toString());
        root.put("connect_url", report.connectUrl());
        root.put("healthy", report.alerts().isEmpty());
        root.put("exit_code", report.exitCode());
        ArrayNode alerts = root.putArray("alerts");
        for (Alert alert : report.alerts()) {
            alerts.addObject().put("condition", alert.condition().jsonName()).put("exit_code", alert.condition().exitCode())
                    .put("connector", alert.connector()).put("message", alert.message());
        }
        ArrayNode connectors = root.putArray("connectors");
        for (ConnectorStatus connector : report.connectors()) {
            connector(connectors.addObject(), connector);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    private static void connector(ObjectNode node, ConnectorStatus connector) {
        node.put("name", connector.name()).put("type", connector.type()).put("class", connector.connectorClass())
                .put("state", connector.state());
        ArrayNode tasks = node.putArray("tasks");
        for (TaskStatus task : connector.tasks()) {
            ObjectNode t = tasks.addObject().put("id", task.id()).put("state", task.state())
                    .put("worker_id", task.workerId()).put("error", task.error());
            if (task.retryWindow() == null) {
                t.putNull("retry_window");
            } else {
                t.putObject("retry_window").put("active", task.retryWindow().active())
                        .put("remaining_ms", task.retryWindow().remainingMillis())
                        .put("attempts", task.retryWindow().attempts());
            }
        }
        if (connector.source() != null) {
            source(node.putObject("source"), connector.source());
        }
        if (connector.sink() != null) {
            sink(node.putObject("sink"), connector.sink());
        }
        node.put("details_error", connector.detailsError());
    }

    private static void source(ObjectNode node, SourceState source) {
        node.put("snapshot", source.snapshotting() ? "in_progress" : "done_or_not_started");
        ObjectNode slot = node.putObject("slot").put("name", source.slotName()).put("exists", source.slot() != null);
        if (source.slot() != null) {
            slot.put("active", source.slot().active()).put("retained_wal_bytes", source.slot().retainedWalBytes())
                    .put("unconfirmed_wal_bytes", source.slot().unconfirmedWalBytes());
        }
        if (source.heartbeat() == null) {
            node.putNull("heartbeat");
        } else {
            node.putObject("heartbeat").put("latency_ms", source.heartbeat().latencyMillis())
                    .put("age_ms", source.heartbeat().ageMillis());
        }
        ArrayNode tables = node.putArray("tables");
        for (SourceTableState table : source.tables()) {
            ObjectNode t = tables.addObject().put("table", table.table()).put("topic", table.topic())
                    .put("phase", table.snapshotting() ? "snapshot" : "streaming")
                    .put("snapshot_percent", table.snapshotPercent());
            if (table.snapshotting()) {
                t.put("rows_in_topic", table.rowsInTopic()).put("estimated_rows", table.estimatedRows());
            }
        }
        ArrayNode ddl = node.putArray("recent_ddl");
        for (DdlCommand command : source.recentDdl()) {
            ddl.addObject().put("created", command.created()).put("command_tag", command.commandTag())
                    .put("object_identity", command.objectIdentity()).put("replicated", command.replicated());
        }
    }

    private static void sink(ObjectNode node, SinkState sink) {
        node.put("lag_records", sink.lagRecords()).put("latency_ms", sink.latencyMillis());
        ArrayNode topics = node.putArray("topics");
        for (TopicLag topic : sink.topics()) {
            ObjectNode t = topics.addObject().put("topic", topic.topic()).put("lag_records", topic.lagRecords())
                    .put("latency_ms", topic.latencyMillis());
            ArrayNode partitions = t.putArray("partitions");
            for (PartitionLag partition : topic.partitions()) {
                partitions.addObject().put("partition", partition.partition()).put("lag_records", partition.lagRecords())
                        .put("latency_ms", partition.latencyMillis());
            }
        }
    }
}
