package dev.ferry.testsupport;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Renders a {@link ConfigDef} as a Markdown table, so the reference in {@code docs/} is generated
 * from the same definitions the worker validates against.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown(String title, String introduction, ConfigDef def) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n").append(introduction).append("\n\n");
        md.append("<!-- Generated from the ConfigDef by ConfigReferenceTest; do not edit by hand. -->\n\n");
        md.append("| key | type | default | valid values | importance | description |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (ConfigKey key : def.configKeys().values()) {
            md.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultValue(key)).append(" | ")
                    .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(escape(key.documentation)).append(" |\n");
        }
        return md.toString();
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        String text = value == null ? "null" : ConfigDef.convertToString(value, key.type);
        return text == null || text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
