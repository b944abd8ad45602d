package dev.ferry.transforms.filter;

import dev.ferry.transforms.rules.RuleList;
import dev.ferry.transforms.rules.TablePattern;
import org.apache.kafka.common.config.ConfigException;

/** {@code schema.table: condition}: rows of the matching tables are kept when the condition is TRUE. */
public record RowFilterRule(TablePattern table, RowCondition condition, String text) {

    public static RowFilterRule parse(String text, String configKey) {
        int colon = RuleList.indexOutsideQuotes(text, ":");
        if (colon < 0) {
            throw new ConfigException(configKey, text, "a row filter rule reads 'schema.table: condition'");
        }
        TablePattern table = TablePattern.parse(text.substring(0, colon), configKey, text);
        String condition = text.substring(colon + 1).trim();
        if (condition.isEmpty()) {
            throw new ConfigException(configKey, text, "the rule has no condition after ':'");
        }
        return new RowFilterRule(table, ConditionCompiler.compile(condition, table, configKey, text), text);
    }

    /** The condition as written, after the {@code schema.table:} part. */
    public String conditionSql() {
        return text.substring(RuleList.indexOutsideQuotes(text, ":") + 1).trim();
    }
}
