package dev.ferry.transforms.rules;

import dev.ferry.transforms.record.TableRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Finds the first rule whose table pattern matches a table, remembering the answer per table. */
public final class TableRules<T> {

    private final List<T> rules;
    private final Function<T, TablePattern> patternOf;
    private final Map<TableRef, Optional<T>> byTable = new HashMap<>();

    public TableRules(List<T> rules, Function<T, TablePattern> patternOf) {
        this.rules = List.copyOf(rules);
        this.patternOf = patternOf;
    }

    public T forTable(TableRef table) {
        return byTable.computeIfAbsent(table,
                t -> rules.stream().filter(rule -> patternOf.apply(rule).matches(t)).findFirst()).orElse(null);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }
}
