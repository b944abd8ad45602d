package dev.ferry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.cli.kafka.KafkaOffsets;
import dev.ferry.cli.rest.ConnectClient;
import dev.ferry.contract.DdlCommandTable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows every connector of a Connect cluster: task states and recent errors; for sources the "
                + "snapshot state, WAL retained by the replication slot and heartbeat latency; for sinks the consumer "
                + "lag per partition."},
        footer = {"", "Examples:", "  ferry status", "  ferry status --connect-url http://connect:8083 --bootstrap-server kafka:9092"})
public final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--connect-url", defaultValue = "http://localhost:8083", description = "Kafka Connect REST URL "
            + "(default ${DEFAULT-VALUE}).")
    private String connectUrl;

    @Option(names = "--bootstrap-server", defaultValue = "localhost:9092", description = "Kafka bootstrap servers "
            + "(default ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ConnectClient connect = new ConnectClient(connectUrl);
        JsonNode connectors = connect.connectors();
        if (connectors.isEmpty()) {
            out.println("no connectors on " + connectUrl);
            return 0;
        }
        boolean healthy = true;
        try (Admin admin = KafkaOffsets.admin(bootstrapServers, 10000)) {
            List<String> names = new ArrayList<>();
            connectors.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                healthy &= connector(out, connect, admin, name, connectors.get(name));
            }
        }
        out.flush();
        return healthy ? 0 : 1;
    }

    private boolean connector(PrintWriter out, ConnectClient connect, Admin admin, String name, JsonNode node) {
        JsonNode status = node.path("status");
        Map<String, String> config = new HashMap<>();
        node.path("info").path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        String type = status.path("type").asText("?");
        out.printf("%s (%s, %s): connector %s%n", name, type, config.getOrDefault("connector.class", "?"),
                status.path("connector").path("state").asText());
        boolean healthy = "RUNNING".equals(status.path("connector").path("state").asText());
        for (JsonNode task : status.path("tasks")) {
            String state = task.path("state").asText();
            out.printf("  task %s: %s%n", task.path("id").asText(), state);
            if (!"RUNNING".equals(state)) {
                healthy = false;
            }
            if (task.hasNonNull("trace")) {
                out.printf("    error: %s%n", task.path("trace").asText().lines().findFirst().orElse(""));
            }
        }
        try {
            if ("source".equals(type) && config.containsKey("database.hostname")) {
                source(out, connect, admin, name, SourceSettings.from(config));
            } else if ("sink".equals(type)) {
                sink(out, admin, name);
            }
        } catch (Exception e) {
            out.printf("  (details unavailable: %s)%n", e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse(""));
        }
        return healthy;
    }

    /**
     * Whether a source offset is one of an unfinished snapshot. Ferry's chunked snapshot stores
     * {@code "snapshot": true}, Debezium's its type ({@code "INITIAL"}); both mark their last
     * record, and Debezium drops the key once it streams.
     */
    public static boolean snapshotInProgress(JsonNode offset) {
        JsonNode snapshot = offset.path("snapshot");
        boolean inSnapshot = snapshot.isBoolean() ? snapshot.asBoolean()
                : snapshot.isTextual() && !snapshot.asText().isBlank() && !"false".equalsIgnoreCase(snapshot.asText());
        return inSnapshot && !offset.path("last_snapshot_record").asBoolean(false);
    }

    private void source(PrintWriter out, ConnectClient connect, Admin admin, String name, SourceSettings source)
            throws Exception {
        boolean snapshotting = false;
        for (JsonNode offset : connect.offsets(name).path("offsets")) {
            snapshotting |= snapshotInProgress(offset.path("offset"));
        }
        out.printf("  snapshot: %s%n", snapshotting ? "in progress" : "done or not started");
        try (Connection c = source.connect()) {
            try (PreparedStatement slot = c.prepareStatement("SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), "
                    + "restart_lsn), pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) FROM pg_replication_slots "
                    + "WHERE slot_name = ?")) {
                slot.setString(1, source.slotName());
                try (ResultSet rs = slot.executeQuery()) {
                    if (rs.next()) {
                        out.printf("  slot %s: %s, retains %s of WAL, %s not yet confirmed%n", source.slotName(),
                                rs.getBoolean(1) ? "active" : "INACTIVE", bytes(rs.getLong(2)), bytes(rs.getLong(3)));
                    } else {
                        out.printf("  slot %s: missing%n", source.slotName());
                    }
                }
            }
            if (snapshotting) {
                snapshotProgress(out, admin, c, source);
            }
            lastDdl(out, c, source);
        }
        heartbeat(out, source);
    }

    /** The connector's last captured DDL commands (ddl.sync), newest first, with those not replicated marked. */
    private static void lastDdl(PrintWriter out, Connection c, SourceSettings source) throws SQLException {
        String heartbeat = source.heartbeatTable();
        String schema = heartbeat.contains(".") ? heartbeat.substring(0, heartbeat.indexOf('.')) : "public";
        String table = "\"" + schema.replace("\"", "\"\"") + "\"." + DdlCommandTable.NAME;
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return;
                }
            }
        }
        try (PreparedStatement last = c.prepareStatement("SELECT created, " + DdlCommandTable.COMMAND_TAG + ", "
                + DdlCommandTable.OBJECT_IDENTITY + ", " + DdlCommandTable.REPLICA_SESSION + " OR "
                + DdlCommandTable.IN_FUNCTION + " FROM " + table + " WHERE " + DdlCommandTable.SLOT_NAME
                + " = ? ORDER BY id DESC LIMIT 3")) {
            last.setString(1, source.slotName());
            try (ResultSet rs = last.executeQuery()) {
                while (rs.next()) {
                    out.printf("  DDL %s: %s %s%s%n", rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                            rs.getBoolean(4) ? " (not replicated: see the worker log)" : "");
                }
            }
        }
    }

    private void snapshotProgress(PrintWriter out, Admin admin, Connection c, SourceSettings source) throws Exception {
        for (String table : source.tables()) {
            String topic = source.topicPrefix() + "." + table;
            long rows = KafkaOffsets.endOffsets(admin, Set.of(topic)).values().stream().mapToLong(Long::longValue).sum();
            long estimate;
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT greatest(reltuples::bigint, 0) FROM pg_class WHERE oid = to_regclass(?)")) {
                statement.setString(1, table);
                try (ResultSet rs = statement.executeQuery()) {
                    estimate = rs.next() ? rs.getLong(1) : 0;
                }
            }
            out.printf("    %s: %d of about %d rows in %s%n", table, rows, estimate, topic);
        }
    }

    /** Latency of the newest heartbeat: when Kafka got it minus when the source committed it. */
    private void heartbeat(PrintWriter out, SourceSettings source) {
        String table = source.heartbeatTable().contains(".") ? source.heartbeatTable() : "public." + source.heartbeatTable();
        String topic = source.topicPrefix() + "." + table;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).getOrDefault(partition, 0L);
            if (end == 0) {
                out.printf("  heartbeat: none yet on %s%n", topic);
                return;
            }
            consumer.seek(partition, end - 1);
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(10))) {
                JsonNode value = JSON.readTree(record.value());
                JsonNode payload = value.has("payload") ? value.get("payload") : value;
                long committed = payload.path("source").path("ts_ms").asLong(0);
                long ageSeconds = (System.currentTimeMillis() - record.timestamp()) / 1000;
                out.printf("  heartbeat: latency %d ms (source commit to Kafka), newest %d s ago%n",
                        committed > 0 ? record.timestamp() - committed : -1, ageSeconds);
                return;
            }
            out.printf("  heartbeat: could not read %s%n", topic);
        } catch (Exception e) {
            out.printf("  heartbeat: unavailable (%s)%n", e.getMessage());
        }
    }

    private void sink(PrintWriter out, Admin admin, String name) throws Exception {
        Map<TopicPartition, Long> lag = KafkaOffsets.sinkLag(admin, name);
        if (lag.isEmpty()) {
            out.println("  lag: no committed positions yet");
            return;
        }
        out.printf("  lag: %d record(s) in total%n", lag.values().stream().mapToLong(Long::longValue).sum());
        lag.forEach((partition, records) -> out.printf("    %s: %d%n", partition, records));
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f kB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }
}
