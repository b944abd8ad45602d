package dev.ferry.source.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.contract.SignalTable;
import dev.ferry.source.config.QualifiedTableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tables that joined the selection of a running connector (snapshot.added.tables): the selection
 * a task starts with is kept in the connector's offsets (with its first schema record); the next
 * start compares, and asks Debezium through the signaling table for an incremental snapshot of
 * the tables that are new, so their existing rows arrive while streaming goes on. A task that
 * crashes before its offsets are stored asks again at its restart: a second snapshot of the same
 * rows changes nothing on the targets.
 */
public final class AddedTables {

    private static final Logger LOG = LoggerFactory.getLogger(AddedTables.class);
    private static final String TABLES = "tables";

    private AddedTables() {
    }

    /** The offsets' partition of the selection (keys in a fixed order, as Connect compares their bytes). */
    public static Map<String, String> partition(String topicPrefix) {
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put("server", topicPrefix);
        partition.put("ferry", "selection");
        return Collections.unmodifiableMap(partition);
    }

    /** Whether {@code record} carries the selection (a Ferry partition, not one Debezium can read). */
    public static boolean carriesSelection(SourceRecord record) {
        return record.sourcePartition() != null && "selection".equals(record.sourcePartition().get("ferry"));
    }

    /** {@code record} (a schema record) carrying {@code selected} as the connector's selection in its offset. */
    public static SourceRecord withSelection(SourceRecord record, String topicPrefix, Collection<QualifiedTableName> selected) {
        List<String> names = new ArrayList<>(new TreeSet<>(selected.stream().map(QualifiedTableName::toString).toList()));
        return new SourceRecord(partition(topicPrefix), Map.of(TABLES, String.join("\n", names)), record.topic(),
                record.kafkaPartition(), record.keySchema(), record.key(), record.valueSchema(), record.value(),
                record.timestamp());
    }

    /** The tables of {@code selected} missing from the stored selection; empty when none is stored. */
    public static List<QualifiedTableName> added(Map<String, Object> storedOffset, Collection<QualifiedTableName> selected) {
        if (storedOffset == null || !(storedOffset.get(TABLES) instanceof String stored)) {
            return List.of();
        }
        List<String> before = List.of(stored.split("\n"));
        return selected.stream().filter(t -> !before.contains(t.toString())).sorted(
                java.util.Comparator.comparing(QualifiedTableName::toString)).toList();
    }

    /** Creates the signaling table when missing. */
    public static void createSignalTable(Connection connection, QualifiedTableName table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(SignalTable.createTable(table.quoted()));
        }
    }

    /**
     * Asks Debezium for an incremental snapshot of {@code tables} (read from the stream once it
     * runs); a table whose name Debezium's incremental snapshot cannot take is left out with a warning.
     */
    public static void requestSnapshot(Connection connection, QualifiedTableName signalTable,
            List<QualifiedTableName> tables) throws SQLException {
        for (QualifiedTableName table : tables) {
            if (!table.incrementalSnapshotCapable()) {
                LOG.warn("Table {} joined the selection, but Debezium's incremental snapshot cannot take a name with "
                        + "spaces, dots or quotes (it would fail the task): its existing rows are not copied. Copy them "
                        + "to the targets yourself, then check with ferry verify", table);
            }
        }
        tables = tables.stream().filter(QualifiedTableName::incrementalSnapshotCapable).toList();
        if (tables.isEmpty()) {
            return;
        }
        List<String> collections = tables.stream().map(QualifiedTableName::includeListPattern).toList();
        String data;
        try {
            data = new ObjectMapper().writeValueAsString(Map.of("data-collections", collections, "type", "incremental"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + signalTable.quoted()
                + " (id, type, data) VALUES (?, 'execute-snapshot', ?)")) {
            insert.setString(1, "ferry-added-" + UUID.randomUUID());
            insert.setString(2, data);
            insert.executeUpdate();
        }
        LOG.info("Table(s) {} joined the selection: their rows follow through an incremental snapshot while "
                + "streaming goes on", tables);
    }
}
