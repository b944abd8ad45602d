package dev.ferry.source.toast;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Recognises every shape in which Debezium writes its "unchanged TOAST value" placeholder: the
 * string itself, its bytes, one-element text/bytes/uuid arrays, int and bigint arrays of its
 * bytes, and a one-entry hstore map.
 */
final class UnavailableValuePlaceholder {

    private final String text;
    private final byte[] bytes;
    private final List<Object> listForms = new ArrayList<>();
    private final Map<String, String> hstoreForm;

    UnavailableValuePlaceholder(String placeholder) {
        this.text = placeholder;
        this.bytes = placeholder.getBytes(StandardCharsets.UTF_8);
        List<Integer> ints = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        for (byte b : bytes) {
            ints.add((int) b);
            longs.add((long) b);
        }
        listForms.add(List.of(text));
        listForms.add(ints);
        listForms.add(longs);
        listForms.add(List.of(UUID.nameUUIDFromBytes(bytes).toString()));
        hstoreForm = Map.of(text, text);
    }

    boolean matches(Object value) {
        if (value instanceof String s) {
            return s.equals(text);
        }
        if (value instanceof byte[] b) {
            return Arrays.equals(b, bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining() == bytes.length && buffer.duplicate().equals(ByteBuffer.wrap(bytes));
        }
        if (value instanceof List<?> list) {
            if (list.size() == 1 && matches(list.get(0))) {
                return true;
            }
            return listForms.contains(list);
        }
        if (value instanceof Map<?, ?> map) {
            return hstoreForm.equals(map);
        }
        return false;
    }
}
