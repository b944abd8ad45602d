package dev.ferry.transforms.rules;

import dev.ferry.transforms.record.TableRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;

/** Finds the first rule whose table pattern matches a table, remembering the answer per table. */
public final class TableRules<T> {

    private final List<T> rules;
    private final Function<T, TablePattern> patternOf;
    private final Map<TableRef, Optional<T>> byTable = new HashMap<>();

    private TableRules(List<T> rules, Function<T, TablePattern> patternOf) {
        this.rules = List.copyOf(rules);
        this.patternOf = patternOf;
    }

    /** Splits a rules value and parses each rule with {@code parser(rule, configKey)}; at least one is needed. */
    public static <T> TableRules<T> parse(String text, String configKey, BiFunction<String, String, T> parser,
            Function<T, TablePattern> patternOf) {
        List<T> parsed = RuleList.split(text).stream().map(rule -> parser.apply(rule, configKey)).toList();
        if (parsed.isEmpty()) {
            throw new ConfigException(configKey, text, "no rule given");
        }
        return new TableRules<>(parsed, patternOf);
    }

    public T forTable(TableRef table) {
        return byTable.computeIfAbsent(table,
                t -> rules.stream().filter(rule -> patternOf.apply(rule).matches(t)).findFirst()).orElse(null);
    }
}
