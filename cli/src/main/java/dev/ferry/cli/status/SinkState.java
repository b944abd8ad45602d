package dev.ferry.cli.status;

import java.util.List;

/**
 * A sink's consumer lag: per topic (one source table each) the records not yet applied and how
 * long the oldest of them has waited in Kafka. Empty topics list: no committed position yet.
 */
public record SinkState(List<TopicLag> topics) {

    public long lagRecords() {
        return topics.stream().mapToLong(TopicLag::lagRecords).sum();
    }

    /** The longest wait of any unapplied record, 0 when caught up. */
    public long latencyMillis() {
        return topics.stream().mapToLong(TopicLag::latencyMillis).max().orElse(0);
    }

    public record TopicLag(String topic, List<PartitionLag> partitions) {

        public long lagRecords() {
            return partitions.stream().mapToLong(PartitionLag::lagRecords).sum();
        }

        public long latencyMillis() {
            return partitions.stream().mapToLong(PartitionLag::latencyMillis).max().orElse(0);
        }
    }

    /** {@code latencyMillis}: now minus the Kafka timestamp of the first record the sink has not committed; 0 when caught up. */
    public record PartitionLag(int partition, long lagRecords, long latencyMillis) {
    }
}
