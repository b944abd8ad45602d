package dev.ferry.cli.kafka;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Topic end offsets and a sink connector's lag, read with Kafka's admin client. */
public final class KafkaOffsets {

    private static final int TIMEOUT_SECONDS = 15;

    private KafkaOffsets() {
    }

    public static Admin admin(String bootstrapServers, int timeoutMs) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs + timeoutMs / 2));
        return Admin.create(props);
    }

    public static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((topic, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()),
                        OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /**
     * Records not yet consumed by the sink connector {@code name} (its consumer group
     * {@code connect-<name>}), per partition of the topics it has committed positions on, sorted
     * by partition; empty when it has committed none yet.
     */
    public static Map<TopicPartition, Long> sinkLag(Admin admin, String name) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + name)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> lag = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        if (committed.isEmpty()) {
            return lag;
        }
        Set<String> topics = new HashSet<>();
        committed.keySet().forEach(p -> topics.add(p.topic()));
        endOffsets(admin, topics).forEach((partition, end) -> {
            OffsetAndMetadata position = committed.get(partition);
            lag.put(partition, end - (position == null ? 0 : position.offset()));
        });
        return lag;
    }
}
