package dev.ferry.cli.status;

import dev.ferry.cli.kafka.KafkaOffsets;
import dev.ferry.cli.status.SinkState.PartitionLag;
import dev.ferry.cli.status.SinkState.TopicLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A sink's lag from its consumer group, and its latency as the age of the oldest record it has
 * not committed. That age is what a change waits end to end beyond its capture, read without
 * the target database or the worker's JMX; it keeps growing while a sink is paused or throttled.
 */
final class SinkLagReader {

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long nowMillis;

    SinkLagReader(Admin admin, KafkaConsumer<byte[], byte[]> consumer, long nowMillis) {
        this.admin = admin;
        this.consumer = consumer;
        this.nowMillis = nowMillis;
    }

    SinkState read(String connector) throws Exception {
        Map<TopicPartition, Long> lag = KafkaOffsets.sinkLag(admin, connector);
        Map<String, List<PartitionLag>> byTopic = new TreeMap<>();
        for (Map.Entry<TopicPartition, Long> entry : lag.entrySet()) {
            TopicPartition partition = entry.getKey();
            long records = entry.getValue();
            long latency = records > 0 ? oldestPendingAge(connector, partition, records) : 0;
            byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>())
                    .add(new PartitionLag(partition.partition(), records, latency));
        }
        List<TopicLag> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new TopicLag(topic, partitions)));
        return new SinkState(topics);
    }

    /** Now minus the timestamp of the first record after the committed position (end minus lag). */
    private long oldestPendingAge(String connector, TopicPartition partition, long lagRecords) {
        long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).getOrDefault(partition, 0L);
        consumer.assign(List.of(partition));
        consumer.seek(partition, Math.max(0, end - lagRecords));
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(5))) {
            return Math.max(0, nowMillis - record.timestamp());
        }
        // Retention removed the position meanwhile, or the poll timed out: say nothing rather than guess.
        return 0;
    }
}
