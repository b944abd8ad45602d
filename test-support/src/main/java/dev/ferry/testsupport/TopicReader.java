package dev.ferry.testsupport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.contract.structure.StructureRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics written with Connect's {@code JsonConverter}, for assertions on exactly what
 * a connector produced.
 */
public final class TopicReader {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String bootstrapServers;

    public TopicReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** One Kafka record: JSON key and value (null for tombstones), headers and timestamp. */
    public record Message(String topic, JsonNode key, JsonNode value, Map<String, String> headers, long timestamp) {

        /** The value's payload (schemas enabled) or the value itself (schemas disabled). */
        public JsonNode payload() {
            return value != null && value.has("payload") && value.has("schema") ? value.get("payload") : value;
        }

        public JsonNode keyPayload() {
            return key != null && key.has("payload") && key.has("schema") ? key.get("payload") : key;
        }

        /** The Debezium operation code: c, u, d, r, t; or null for tombstones. */
        public String op() {
            JsonNode payload = payload();
            return payload == null || payload.isNull() ? null : payload.path("op").asText(null);
        }

        public JsonNode after() {
            return payload().path("after");
        }

        public JsonNode before() {
            return payload().path("before");
        }

        /** Whether this is one of Ferry's schema records rather than a change event. */
        public boolean schemaRecord() {
            return value != null && StructureRecords.SCHEMA_NAME.equals(value.path("schema").path("name").asText());
        }
    }

    public List<String> listTopics() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            return new ArrayList<>(admin.listTopics().names().get());
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }

    /** Every change event and tombstone of the topic as of now (read_uncommitted), without schema records. */
    public List<Message> readAll(String topic) {
        return readAll(topic, false);
    }

    /**
     * Every change event and tombstone of the topic up to its current end, without Ferry's schema
     * records. With {@code readCommitted} only records of committed transactions count, as an
     * exactly-once consumer sees them.
     */
    public List<Message> readAll(String topic, boolean readCommitted) {
        return readRecords(topic, readCommitted).stream().filter(m -> !m.schemaRecord()).toList();
    }

    /** How many records of any kind the topic holds as of now, schema records included. */
    public int countAll(String topic) {
        return readRecords(topic, false).size();
    }

    private List<Message> readRecords(String topic, boolean readCommitted) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(readCommitted)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Message> messages = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    messages.add(toMessage(record));
                }
            }
            return messages;
        }
    }

    /** Waits until the topic holds records for which {@code done} is true, then returns them all. */
    public List<Message> awaitMessages(String topic, Duration timeout, Predicate<List<Message>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> messages = List.of();
        while (System.nanoTime() < deadline) {
            if (listTopics().contains(topic)) {
                messages = readAll(topic);
                if (done.test(messages)) {
                    return messages;
                }
            }
            sleep(500);
        }
        throw new AssertionError("topic " + topic + " did not reach the expected content within " + timeout
                + "; it holds " + messages.size() + " records");
    }

    /** Waits until the topic holds at least {@code count} records. */
    public List<Message> awaitCount(String topic, int count, Duration timeout) {
        return awaitMessages(topic, timeout, m -> m.size() >= count);
    }

    private boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private KafkaConsumer<byte[], byte[]> consumer(boolean readCommitted) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ferry-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Message toMessage(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Message(record.topic(), parse(record.key()), parse(record.value()), headers, record.timestamp());
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("record is not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
