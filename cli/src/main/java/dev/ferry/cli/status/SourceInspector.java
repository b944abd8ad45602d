package dev.ferry.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.cli.kafka.KafkaOffsets;
import dev.ferry.cli.status.SourceState.DdlCommand;
import dev.ferry.cli.status.SourceState.HeartbeatState;
import dev.ferry.cli.status.SourceState.SlotState;
import dev.ferry.cli.status.SourceState.SourceTableState;
import dev.ferry.contract.DdlCommandTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a PostgreSQL source's state from what the command can reach: its offsets over REST,
 * its database (slot, table estimates, captured DDL) and its heartbeat topic. The task's own
 * JMX counters would be more exact, but these work against any worker without opening JMX.
 */
final class SourceInspector {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;

    SourceInspector(Admin admin, KafkaConsumer<byte[], byte[]> consumer) {
        this.admin = admin;
        this.consumer = consumer;
    }

    /**
     * Whether a source offset is one of an unfinished snapshot. Ferry's chunked snapshot stores
     * {@code "snapshot": true}, Debezium's its type ({@code "INITIAL"}); both mark their last
     * record, and Debezium drops the key once it streams.
     */
    static boolean snapshotInProgress(JsonNode offset) {
        JsonNode snapshot = offset.path("snapshot");
        boolean inSnapshot = snapshot.isBoolean() ? snapshot.asBoolean()
                : snapshot.isTextual() && !snapshot.asText().isBlank() && !"false".equalsIgnoreCase(snapshot.asText());
        return inSnapshot && !offset.path("last_snapshot_record").asBoolean(false);
    }

    SourceState inspect(SourceSettings source, JsonNode offsets) throws Exception {
        boolean snapshotting = false;
        for (JsonNode offset : offsets.path("offsets")) {
            snapshotting |= snapshotInProgress(offset.path("offset"));
        }
        try (Connection c = source.connect()) {
            SlotState slot = slot(c, source.slotName());
            List<SourceTableState> tables = tables(c, source, snapshotting);
            List<DdlCommand> ddl = recentDdl(c, source);
            String heartbeatTopic = source.topicPrefix() + "." + qualified(source.heartbeatTable());
            HeartbeatState heartbeat = null;
            String note;
            try {
                heartbeat = heartbeat(heartbeatTopic);
                note = heartbeat == null ? "none yet on " + heartbeatTopic : null;
            } catch (Exception e) {
                // The slot and tables are still worth showing when only the heartbeat topic cannot be read.
                note = "unavailable (" + e.getMessage() + ")";
            }
            return new SourceState(snapshotting, source.slotName(), slot, heartbeat, note, tables, ddl);
        }
    }

    private static SlotState slot(Connection c, String slotName) throws SQLException {
        try (PreparedStatement slot = c.prepareStatement("SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), "
                + "restart_lsn), pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) FROM pg_replication_slots "
                + "WHERE slot_name = ?")) {
            slot.setString(1, slotName);
            try (ResultSet rs = slot.executeQuery()) {
                return rs.next() ? new SlotState(rs.getBoolean(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }

    private List<SourceTableState> tables(Connection c, SourceSettings source, boolean snapshotting) throws Exception {
        List<SourceTableState> tables = new ArrayList<>();
        for (String table : source.tables()) {
            String topic = source.topicPrefix() + "." + table;
            if (!snapshotting) {
                tables.add(new SourceTableState(table, topic, false, -1, -1));
                continue;
            }
            long rows = KafkaOffsets.endOffsets(admin, Set.of(topic)).values().stream().mapToLong(Long::longValue).sum();
            tables.add(new SourceTableState(table, topic, true, rows, estimatedRows(c, table)));
        }
        return tables;
    }

    private static long estimatedRows(Connection c, String table) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(
                "SELECT greatest(reltuples::bigint, 0) FROM pg_class WHERE oid = to_regclass(?)")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The connector's last captured DDL commands (ddl.sync), newest first. */
    private static List<DdlCommand> recentDdl(Connection c, SourceSettings source) throws SQLException {
        String heartbeat = source.heartbeatTable();
        String schema = heartbeat.contains(".") ? heartbeat.substring(0, heartbeat.indexOf('.')) : "public";
        String table = "\"" + schema.replace("\"", "\"\"") + "\"." + DdlCommandTable.NAME;
        List<DdlCommand> commands = new ArrayList<>();
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return commands;
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
                    commands.add(new DdlCommand(rs.getTimestamp(1).toInstant().toString(), rs.getString(2),
                            rs.getString(3), !rs.getBoolean(4)));
                }
            }
        }
        return commands;
    }

    /** The newest heartbeat: when Kafka got it minus when the source committed it; null when there is none. */
    private HeartbeatState heartbeat(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).getOrDefault(partition, 0L);
        if (end == 0) {
            return null;
        }
        consumer.seek(partition, end - 1);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(10))) {
            JsonNode value = JSON.readTree(record.value());
            JsonNode payload = value.has("payload") ? value.get("payload") : value;
            long committed = payload.path("source").path("ts_ms").asLong(0);
            return new HeartbeatState(committed > 0 ? record.timestamp() - committed : -1,
                    System.currentTimeMillis() - record.timestamp());
        }
        return null;
    }

    private static String qualified(String table) {
        return table.contains(".") ? table : "public." + table;
    }
}
