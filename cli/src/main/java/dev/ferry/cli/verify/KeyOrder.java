package dev.ferry.cli.verify;

import java.math.BigDecimal;
import java.util.List;

/**
 * The order in which verify merges the two sides' keys. It must be the order both databases sort
 * the keys in ({@code COLLATE "C"} on PostgreSQL, {@code CAST … AS BINARY} on MySQL: UTF-8 bytes,
 * which is Unicode code-point order), not Java's UTF-16 order, which puts characters above the
 * Basic Multilingual Plane (emoji) before U+E000…U+FFFF and would make a matching row look
 * missing on one side and extra on the other.
 */
final class KeyOrder {

    private KeyOrder() {
    }

    static int compare(List<Object> left, List<Object> right) {
        for (int i = 0; i < left.size(); i++) {
            Object l = left.get(i);
            Object r = right.get(i);
            int cmp = l instanceof BigDecimal a && r instanceof BigDecimal b ? a.compareTo(b)
                    : compareCodePoints(l.toString(), r.toString());
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }

    static int compareCodePoints(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            int a = left.codePointAt(i);
            int b = right.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Boolean.compare(i < left.length(), j < right.length());
    }
}
