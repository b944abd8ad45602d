package dev.ferry.converters.avro;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For one Connect schema: its body writer, and per topic what its records start with (the magic
 * byte and the registry id Apicurio's serializer chose, the Confluent wire format).
 */
final class TopicPrefixes {

    /** Marks a topic whose first record was not the expected prefix followed by our body. */
    static final byte[] NOT_CACHEABLE = new byte[0];

    private static final Logger LOG = LoggerFactory.getLogger(TopicPrefixes.class);
    private static final byte MAGIC_BYTE = 0;

    final AvroBodyWriter.SchemaBody body;
    private final Map<String, byte[]> byTopic = new ConcurrentHashMap<>();

    TopicPrefixes(AvroBodyWriter.SchemaBody body) {
        this.body = body;
    }

    /** What the topic's records start with; null before the first; {@link #NOT_CACHEABLE}. */
    byte[] prefix(String topic) {
        return byTopic.get(topic);
    }

    /** Learns the prefix from Apicurio's whole {@code record} and our {@code body} of the same value. */
    void learn(String topic, byte[] record, byte[] ourBody) {
        byte[] prefix = prefixOf(record, ourBody);
        if (prefix == null) {
            LOG.warn("Avro records of topic {} do not end with the body Ferry's converter writes; "
                    + "they keep going through Apicurio's converter", topic);
            prefix = NOT_CACHEABLE;
        }
        byTopic.put(topic, prefix);
    }

    /** The bytes before {@code body} when {@code record} is a magic byte, an id and exactly {@code body}. */
    static byte[] prefixOf(byte[] record, byte[] body) {
        int prefixLength = record.length - body.length;
        if (prefixLength < 2 || record[0] != MAGIC_BYTE
                || !Arrays.equals(record, prefixLength, record.length, body, 0, body.length)) {
            return null;
        }
        return Arrays.copyOf(record, prefixLength);
    }
}
