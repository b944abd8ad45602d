package dev.ferry.source.throttle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Estimates the payload size of a record's key or value: the bytes of its field values, about
 * what a compact converter writes. Exact serialized sizes are only known after the converter
 * runs, outside the task.
 */
final class RecordSizeEstimator {

    private static final int NUMBER_SIZE = 8;

    private RecordSizeEstimator() {
    }

    static long estimate(Object value) {
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
            return s.length() < 128 ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        if (value instanceof Collection<?> collection) {
            long size = 0;
            for (Object element : collection) {
                size += estimate(element);
            }
            return size;
        }
        if (value instanceof Map<?, ?> map) {
            long size = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += estimate(entry.getKey()) + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Boolean) {
            return 1;
        }
        return NUMBER_SIZE;
    }
}
