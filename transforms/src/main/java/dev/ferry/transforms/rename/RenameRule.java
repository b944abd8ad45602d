package dev.ferry.transforms.rename;

import dev.ferry.transforms.rules.NamePath;
import dev.ferry.transforms.rules.RuleList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigException;

/**
 * One object name mapping. Explicit: {@code legacy -> archive} (a schema), {@code public.orders ->
 * sales.orders_v2} or {@code public.orders -> orders_v2} (a table; a one-part target keeps the
 * schema), {@code public.orders.amt -> amount} (a column). Regex, for batch renames of one level:
 * {@code table ~ ^tmp_(.*)$ -> $1}; the regex must match the whole name.
 */
public record RenameRule(Level level, List<String> source, Pattern regex, List<String> target, String text) {

    public enum Level { SCHEMA, TABLE, COLUMN }

    private static final Pattern REGEX_RULE = Pattern.compile("^(schema|table|column)\\s*~\\s*(.+)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    public static RenameRule parse(String text, String configKey) {
        int arrow = RuleList.indexOutsideQuotes(text, "->");
        if (arrow < 0) {
            throw new ConfigException(configKey, text, "a rename rule reads 'source -> target'");
        }
        String left = text.substring(0, arrow).trim();
        String right = text.substring(arrow + 2).trim();
        if (right.isEmpty()) {
            throw new ConfigException(configKey, text, "the rule has no target after '->'");
        }
        Matcher regexRule = REGEX_RULE.matcher(left);
        if (regexRule.matches()) {
            Level level = Level.valueOf(regexRule.group(1).toUpperCase(Locale.ROOT));
            try {
                return new RenameRule(level, List.of(), Pattern.compile(regexRule.group(2).trim()), List.of(right), text);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(configKey, text, "invalid regex: " + e.getDescription());
            }
        }
        List<String> source = NamePath.parse(left, configKey, text);
        List<String> target = NamePath.parse(right, configKey, text);
        Level level = switch (source.size()) {
            case 1 -> Level.SCHEMA;
            case 2 -> Level.TABLE;
            case 3 -> Level.COLUMN;
            default -> throw new ConfigException(configKey, text, "'" + left + "' has " + source.size()
                    + " parts; name a schema, schema.table or schema.table.column");
        };
        int maxTargetParts = level == Level.TABLE ? 2 : 1;
        if (target.size() > maxTargetParts) {
            throw new ConfigException(configKey, text, "a " + level.name().toLowerCase(Locale.ROOT)
                    + " is renamed to " + (level == Level.TABLE ? "table or schema.table" : "a single name")
                    + ", not '" + right + "'");
        }
        return new RenameRule(level, source, null, target, text);
    }

    public boolean isRegex() {
        return regex != null;
    }

    /** For a regex rule: the new name, or null when the regex does not match {@code name}. */
    String rename(String name) {
        Matcher matcher = regex.matcher(name);
        return matcher.matches() ? matcher.replaceFirst(target.get(0)) : null;
    }
}
