package dev.ferry.sink;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** What a sink task driven directly by a test asks of its worker: the assignment, and the seeks it requests. */
final class RecordingSinkTaskContext implements SinkTaskContext {

    private final Map<String, String> configs;
    final Set<TopicPartition> assignment = new LinkedHashSet<>();
    final Map<TopicPartition, Long> requestedOffsets = new HashMap<>();

    RecordingSinkTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        requestedOffsets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition partition, long offset) {
        requestedOffsets.put(partition, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
