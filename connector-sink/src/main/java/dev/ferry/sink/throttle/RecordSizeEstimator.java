package dev.ferry.sink.throttle;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Estimates a value's payload bytes, for max.bytes.per.second and for the byte budget of a
 * multi-row statement. A character counts as one byte, exact for ASCII and at most a third of
 * what it takes in UTF-8, so that a long text is measured without encoding it.
 */
public final class RecordSizeEstimator {

    private RecordSizeEstimator() {
    }

    public static long estimate(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Struct struct) {
            long size = 0;
            for (Field field : struct.schema().fields()) {
                size += estimate(struct.get(field));
            }
            return size;
        }
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().mapToLong(RecordSizeEstimator::estimate).sum();
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().mapToLong(e -> estimate(e.getKey()) + estimate(e.getValue())).sum();
        }
        return 8;
    }
}
