package dev.ferry.sink.event;

import java.util.ArrayList;
import java.util.List;

/** Parses the small JSON string arrays of Ferry's headers, such as {@code ["a","b\"c"]}. */
final class JsonStringArray {

    private JsonStringArray() {
    }

    static List<String> parse(String json) {
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
