package dev.ferry.transforms.rules;

import dev.ferry.transforms.record.TableRef;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which tables a filter rule is for: {@code schema.table}, where either part may use {@code *}
 * as a wildcard ({@code public.*}, {@code *.orders}); {@code *} alone means every table.
 */
public final class TablePattern {

    private final String text;
    private final List<String> parts;
    private final Pattern schema;
    private final Pattern table;

    private TablePattern(String text, List<String> parts, Pattern schema, Pattern table) {
        this.text = text;
        this.parts = parts;
        this.schema = schema;
        this.table = table;
    }

    public static TablePattern parse(String text, String configKey, String rule) {
        String trimmed = text.trim();
        if (trimmed.equals("*")) {
            return new TablePattern(trimmed, List.of("*", "*"), glob("*"), glob("*"));
        }
        List<String> parts = NamePath.parse(trimmed, configKey, rule);
        if (parts.size() != 2) {
            throw new ConfigException(configKey, rule, "'" + trimmed + "' does not name a table: write schema.table "
                    + "(either part may be *), or * for every table");
        }
        return new TablePattern(trimmed, parts, glob(parts.get(0)), glob(parts.get(1)));
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        String[] literals = glob.split("\\*", -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString());
    }

    public boolean matches(TableRef ref) {
        String refSchema = ref.schema() == null ? "" : ref.schema();
        return schema.matcher(refSchema).matches() && table.matcher(ref.table()).matches();
    }

    /** The pattern names exactly one table (no wildcard). */
    public boolean isExact() {
        return !text.contains("*");
    }

    /** The schema part as written (quotes removed), maybe with wildcards. */
    public String schemaPart() {
        return parts.get(0);
    }

    /** The table part as written (quotes removed), maybe with wildcards. */
    public String tablePart() {
        return parts.get(1);
    }

    @Override
    public String toString() {
        return text;
    }
}
