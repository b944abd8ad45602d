package dev.ferry.transforms.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rules value into rules. Rules are separated by {@code ;} or line breaks, not commas,
 * because commas belong inside rules ({@code IN ('EU', 'UK')}, {@code insert,update}, regex
 * quantifiers). Separators inside single or double quotes do not count.
 */
public final class RuleList {

    private RuleList() {
    }

    public static List<String> split(String rules) {
        List<String> out = new ArrayList<>();
        if (rules == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < rules.length(); i++) {
            char c = rules.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
            } else if (c == ';' || c == '\n' || c == '\r') {
                add(out, current);
            } else {
                current.append(c);
            }
        }
        add(out, current);
        return out;
    }

    /** The position of the first {@code separator} outside quotes, or -1. */
    public static int indexOutsideQuotes(String text, String separator) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (text.startsWith(separator, i)) {
                return i;
            }
        }
        return -1;
    }

    private static void add(List<String> out, StringBuilder current) {
        String rule = current.toString().trim();
        if (!rule.isEmpty()) {
            out.add(rule);
        }
        current.setLength(0);
    }
}
