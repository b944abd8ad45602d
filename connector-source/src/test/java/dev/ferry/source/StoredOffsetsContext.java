package dev.ferry.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** The context of a task driven without a Connect worker: the offsets it finds are the ones given. */
final class StoredOffsetsContext implements SourceTaskContext {

    private final Map<Map<String, ?>, Map<String, Object>> offsets;

    /** A connector that never ran: no stored offsets. */
    StoredOffsetsContext() {
        this(Map.of());
    }

    StoredOffsetsContext(Map<Map<String, ?>, Map<String, Object>> offsets) {
        this.offsets = offsets;
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return offsets.get(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
                for (Map<String, T> partition : partitions) {
                    if (offsets.containsKey(partition)) {
                        found.put(partition, offsets.get(partition));
                    }
                }
                return found;
            }
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
