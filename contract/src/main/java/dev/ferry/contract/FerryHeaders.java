package dev.ferry.contract;

import java.util.ArrayList;
import java.util.List;

/** Kafka record headers that Ferry's source writes and its sink and transforms read. */
public final class FerryHeaders {

    /**
     * JSON array of after-image columns whose value is unknown (an unchanged TOAST value without a
     * before-image): the sink leaves them as they are in the target. The names are the record's
     * column names, so a transform that renames columns renames them here too. Written by
     * {@link #encodeColumns}, read by {@link #decodeColumns}.
     */
    public static final String UNCHANGED_COLUMNS = "ferry.unchanged.columns";

    /**
     * On each initial-snapshot row (and the truncate ahead of it) of a table that must start empty
     * in the target, in topics written by builds of Ferry before the epoch moved into the envelope schema
     * ({@link SnapshotEpoch}): the same value. The sink still reads it; the source no longer writes it.
     */
    public static final String SNAPSHOT_EPOCH = "ferry.snapshot.epoch";

    private FerryHeaders() {
    }

    /** {@code ["a","b\"c"]}: a JSON array of strings, with {@code \} and {@code "} escaped. */
    public static String encodeColumns(List<String> names) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(names.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return json.append(']').toString();
    }

    /**
     * The column names of a header value as a consumer sees it: the string written by
     * {@link #encodeColumns}, or the list Connect's default {@code SimpleHeaderConverter} parses
     * that string into when the record went through Kafka.
     */
    public static List<String> columnsOf(Object headerValue) {
        if (headerValue instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return headerValue == null ? List.of() : decodeColumns(headerValue.toString());
    }

    /** The names of an array written by {@link #encodeColumns}; empty for anything else. */
    public static List<String> decodeColumns(String json) {
        List<String> values = new ArrayList<>();
        int i = json.indexOf('[');
        if (i < 0) {
            return values;
        }
        while (true) {
            int start = json.indexOf('"', i + 1);
            if (start < 0) {
                return values;
            }
            StringBuilder value = new StringBuilder();
            int j = start + 1;
            while (j < json.length() && json.charAt(j) != '"') {
                char c = json.charAt(j);
                if (c == '\\' && j + 1 < json.length()) {
                    j++;
                    c = json.charAt(j);
                }
                value.append(c);
                j++;
            }
            values.add(value.toString());
            i = j;
        }
    }
}
