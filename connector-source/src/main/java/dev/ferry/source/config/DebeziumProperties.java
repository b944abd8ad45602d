package dev.ferry.source.config;

import dev.ferry.contract.SourceObjectNames;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a Ferry source configuration into the properties handed to the embedded Debezium
 * PostgreSQL task: user keys pass through, Ferry's defaults fill the gaps, and the heartbeat table
 * joins the table selection.
 */
public final class DebeziumProperties {

    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TABLE_INCLUDE_LIST = "table.include.list";
    public static final String MAX_BATCH_SIZE = "max.batch.size";
    public static final String SNAPSHOT_SELECT_OVERRIDES = "snapshot.select.statement.overrides";
    public static final String SIGNAL_DATA_COLLECTION = "signal.data.collection";
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "unavailable.value.placeholder";
    private static final int DEBEZIUM_DEFAULT_MAX_BATCH_SIZE = 2048;

    private DebeziumProperties() {
    }

    public static Map<String, String> from(Map<String, String> userProps) {
        Map<String, String> props = new HashMap<>(userProps);
        String prefix = props.getOrDefault(TOPIC_PREFIX, "");
        props.put(FerrySourceConfig.SLOT_NAME, SourceObjectNames.slotName(props.get(FerrySourceConfig.SLOT_NAME), prefix));
        props.put(FerrySourceConfig.PUBLICATION_NAME,
                SourceObjectNames.publicationName(props.get(FerrySourceConfig.PUBLICATION_NAME), prefix));
        putIfBlank(props, FerrySourceConfig.PLUGIN_NAME, "pgoutput");
        putIfBlank(props, FerrySourceConfig.PUBLICATION_AUTOCREATE_MODE, "filtered");
        // Debezium skips TRUNCATE by default; a replica must see it.
        props.putIfAbsent(FerrySourceConfig.SKIPPED_OPERATIONS, "none");
        // Lengths and precisions for the sink's CREATE TABLE; an explicit empty value turns it off.
        props.putIfAbsent(FerrySourceConfig.DATATYPE_PROPAGATE_SOURCE_TYPE,
                FerrySourceConfig.DATATYPE_PROPAGATE_SOURCE_TYPE_DEFAULT);
        // ISO 8601 strings keep months and days apart and cast straight into a target interval column.
        putIfBlank(props, FerrySourceConfig.INTERVAL_HANDLING_MODE, "string");
        putIfBlank(props, FerrySourceConfig.EXTENDED_HEADERS_ENABLED, "false");
        putIfBlank(props, FerrySourceConfig.POLL_INTERVAL_MS, Long.toString(FerrySourceConfig.POLL_INTERVAL_MS_DEFAULT));
        putIfBlank(props, FerrySourceConfig.SNAPSHOT_MAX_THREADS,
                Integer.toString(FerrySourceConfig.SNAPSHOT_MAX_THREADS_DEFAULT));
        putIfBlank(props, FerrySourceConfig.HEARTBEAT_INTERVAL_MS,
                Long.toString(FerrySourceConfig.HEARTBEAT_INTERVAL_MS_DEFAULT));

        FerrySourceConfig ferry = new FerrySourceConfig(userProps);
        String tables = props.get(TABLE_INCLUDE_LIST);
        if (ferry.heartbeatIntervalMs() > 0 && tables != null && !tables.isBlank()) {
            tables = tables + "," + ferry.heartbeatTable().includeListPattern();
        }
        if (ferry.ddlSync()) {
            if (tables != null && !tables.isBlank()) {
                tables = tables + "," + ferry.ddlTable().includeListPattern();
            }
            skipInSnapshot(props, ferry.ddlTable());
        }
        if (ferry.snapshotAddedTables()) {
            // Debezium reads signals from the stream: the table must be captured (it is in the publication).
            if (tables != null && !tables.isBlank()) {
                tables = tables + "," + ferry.signalTable().includeListPattern();
            }
            skipInSnapshot(props, ferry.signalTable());
            putIfBlank(props, SIGNAL_DATA_COLLECTION, ferry.signalTable().toString());
        }
        if (tables != null) {
            props.put(TABLE_INCLUDE_LIST, tables);
        }
        capBatchSizeWhenThrottled(props, ferry);
        return props;
    }

    /**
     * {@code props} without one of Ferry's own tables, which the task cannot use (a user who may
     * not create event triggers, or tables in the heartbeat table's schema): out of the include
     * list, so Debezium does not put it in the publication it creates (which only the table's
     * owner may), and no longer the signaling table.
     */
    public static Map<String, String> without(Map<String, String> props, QualifiedTableName table) {
        Map<String, String> without = new HashMap<>(props);
        String pattern = table.includeListPattern();
        String tables = without.get(TABLE_INCLUDE_LIST);
        if (tables != null) {
            without.put(TABLE_INCLUDE_LIST, String.join(",", java.util.Arrays.stream(tables.split(","))
                    .filter(e -> !e.equals(pattern)).toList()));
        }
        String overrides = without.get(SNAPSHOT_SELECT_OVERRIDES);
        if (overrides != null) {
            String rest = String.join(",", java.util.Arrays.stream(overrides.split(","))
                    .filter(e -> !e.trim().equals(table.toString())).toList());
            if (rest.isEmpty()) {
                without.remove(SNAPSHOT_SELECT_OVERRIDES);
            } else {
                without.put(SNAPSHOT_SELECT_OVERRIDES, rest);
            }
            without.remove(SNAPSHOT_SELECT_OVERRIDES + "." + table);
        }
        if (table.toString().equals(without.get(SIGNAL_DATA_COLLECTION))) {
            without.remove(SIGNAL_DATA_COLLECTION);
        }
        return without;
    }

    /**
     * The DDL command table's rows are commands from before the snapshot: its snapshot reads none
     * (the stream brings the new ones), through Debezium's per-table SELECT override, which
     * Ferry's chunked reader honours too.
     */
    private static void skipInSnapshot(Map<String, String> props, QualifiedTableName table) {
        String overrides = props.get(SNAPSHOT_SELECT_OVERRIDES);
        props.put(SNAPSHOT_SELECT_OVERRIDES, overrides == null || overrides.isBlank() ? table.toString()
                : overrides + "," + table);
        props.put(SNAPSHOT_SELECT_OVERRIDES + "." + table, "SELECT * FROM " + table.quoted() + " WHERE false");
    }

    /**
     * A throttled task should hand over small batches, about a tenth of a second of its budget,
     * so that sleeping between batches yields an even rate rather than bursts.
     */
    private static void capBatchSizeWhenThrottled(Map<String, String> props, FerrySourceConfig ferry) {
        long slowest = Long.MAX_VALUE;
        for (long rate : new long[] {ferry.snapshotMaxRowsPerSecond(), ferry.streamingMaxRowsPerSecond()}) {
            if (rate > 0) {
                slowest = Math.min(slowest, rate);
            }
        }
        if (slowest == Long.MAX_VALUE) {
            return;
        }
        int configured = props.containsKey(MAX_BATCH_SIZE)
                ? Integer.parseInt(props.get(MAX_BATCH_SIZE).trim()) : DEBEZIUM_DEFAULT_MAX_BATCH_SIZE;
        long tenthOfSecond = Math.max(1, slowest / 10);
        props.put(MAX_BATCH_SIZE, Long.toString(Math.min(configured, tenthOfSecond)));
    }

    private static void putIfBlank(Map<String, String> props, String key, String value) {
        String current = props.get(key);
        if (current == null || current.isBlank()) {
            props.put(key, value);
        }
    }
}
