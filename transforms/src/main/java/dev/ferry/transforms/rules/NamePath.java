package dev.ferry.transforms.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * A dotted object name such as {@code public.orders.amt}. Parts may be double-quoted to hold dots
 * or spaces ({@code "my schema"."order.items"}); quotes are removed and case is kept as written.
 */
public final class NamePath {

    private NamePath() {
    }

    public static List<String> parse(String text, String configKey, String rule) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        String trimmed = text.trim();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < trimmed.length() && trimmed.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part(current, configKey, rule));
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new ConfigException(configKey, rule, "unterminated double quote in '" + text.trim() + "'");
        }
        parts.add(part(current, configKey, rule));
        return parts;
    }

    private static String part(StringBuilder current, String configKey, String rule) {
        String part = current.toString().trim();
        if (part.isEmpty()) {
            throw new ConfigException(configKey, rule, "empty name part");
        }
        current.setLength(0);
        return part;
    }
}
