package dev.ferry.source.snapshot;

import dev.ferry.source.catalog.SelectedTables;
import dev.ferry.source.catalog.SourceTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keeps a partitioned table's rows to one copy. With {@code publish.via.partition.root=false} its
 * changes are published by its partitions (which the precheck requires selected with it), yet
 * Debezium's snapshot still selects the parent, and a SELECT on a partitioned table reads every
 * partition: a second copy of the rows on another topic, racing the partitions' own stream, which
 * leaves a target's parent filled once and stale (or, on a partitioned target, older versions
 * overwriting newer ones). The parent's snapshot is pointed at {@code SELECT * FROM ONLY parent}
 * instead, which holds no rows; a user's own override for the table is kept.
 */
public final class PartitionedParentSnapshot {

    static final String OVERRIDES = "snapshot.select.statement.overrides";

    private PartitionedParentSnapshot() {
    }

    public static void apply(Map<String, String> debeziumProps, SelectedTables tables) {
        if (Boolean.parseBoolean(debeziumProps.getOrDefault("publish.via.partition.root", "false"))) {
            return;
        }
        String configured = debeziumProps.getOrDefault(OVERRIDES, "");
        List<String> overridden = new ArrayList<>(Arrays.stream(configured.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList());
        for (SourceTable table : tables.selected()) {
            String id = table.name().schema() + "." + table.name().table();
            if (!table.partitioned() || overridden.contains(id)) {
                continue;
            }
            overridden.add(id);
            debeziumProps.put(OVERRIDES + "." + id, "SELECT * FROM ONLY " + table.name().quoted());
        }
        if (!overridden.isEmpty()) {
            debeziumProps.put(OVERRIDES, String.join(",", overridden));
        }
    }
}
