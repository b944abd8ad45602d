package dev.ferry.transforms.rules;

import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Parses a rules value when the worker validates a connector configuration, so a bad rule is
 * reported on its key by the REST validate endpoint and refused when the connector is created,
 * not only when a task starts.
 */
public final class RulesValidator implements ConfigDef.Validator {

    private final Consumer<String> parser;
    private final String description;
    private final boolean required;

    private RulesValidator(Consumer<String> parser, String description, boolean required) {
        this.parser = parser;
        this.description = description;
        this.required = required;
    }

    /** At least one rule must be given. */
    public static RulesValidator required(Consumer<String> parser, String description) {
        return new RulesValidator(parser, description, true);
    }

    /** No rule at all is fine too. */
    public static RulesValidator optional(Consumer<String> parser, String description) {
        return new RulesValidator(parser, description, false);
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            if (required) {
                throw new ConfigException(name, value, "no rule given");
            }
            return;
        }
        parser.accept(value.toString());
    }

    @Override
    public String toString() {
        return description;
    }
}
