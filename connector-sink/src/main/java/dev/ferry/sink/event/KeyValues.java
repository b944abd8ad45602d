package dev.ferry.sink.event;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Key column values with value equality, also for byte arrays, so keys can index a map.
 */
public record KeyValues(List<Object> values) {

    public static KeyValues of(List<Object> values) {
        List<Object> comparable = new ArrayList<>(values.size());
        for (Object value : values) {
            comparable.add(value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value);
        }
        return new KeyValues(comparable);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
