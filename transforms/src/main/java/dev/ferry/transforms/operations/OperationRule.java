package dev.ferry.transforms.operations;

import dev.ferry.transforms.rules.RuleList;
import dev.ferry.transforms.rules.TablePattern;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/** {@code schema.table: insert,update}: the operations replicated for the matching tables. */
public record OperationRule(TablePattern table, Set<Operation> allowed, String text) {

    public static OperationRule parse(String text, String configKey) {
        int colon = RuleList.indexOutsideQuotes(text, ":");
        if (colon < 0) {
            throw new ConfigException(configKey, text, "an operation rule reads 'schema.table: insert,update,...'");
        }
        TablePattern table = TablePattern.parse(text.substring(0, colon), configKey, text);
        return new OperationRule(table, Operation.parseList(text.substring(colon + 1), configKey, text), text);
    }
}
