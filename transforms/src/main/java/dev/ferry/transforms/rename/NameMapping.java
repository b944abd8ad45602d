package dev.ferry.transforms.rename;

import dev.ferry.transforms.record.TableRef;
import dev.ferry.transforms.rename.RenameRule.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Source names → destination names. Explicit rules win over regex rules, regex rules apply in
 * the order given (the first that matches), and the case policy applies last to every name.
 */
public final class NameMapping {

    private final Map<String, String> schemas = new HashMap<>();
    private final Map<TableRef, List<String>> tables = new HashMap<>();
    private final Map<TableRef, Map<String, String>> columns = new HashMap<>();
    private final List<RenameRule> regexRules = new ArrayList<>();
    private final CasePolicy casePolicy;
    private final Map<TableRef, TableRef> mappedTables = new HashMap<>();

    public NameMapping(List<RenameRule> rules, CasePolicy casePolicy, String configKey) {
        this.casePolicy = casePolicy;
        Map<List<String>, RenameRule> seen = new HashMap<>();
        Map<TableRef, Map<String, RenameRule>> columnTargets = new HashMap<>();
        for (RenameRule rule : rules) {
            if (rule.isRegex()) {
                regexRules.add(rule);
                continue;
            }
            RenameRule earlier = seen.putIfAbsent(rule.source(), rule);
            if (earlier != null) {
                throw new ConfigException(configKey, rule.text(), "'" + String.join(".", rule.source())
                        + "' is already renamed by the rule '" + earlier.text() + "'");
            }
            List<String> source = rule.source();
            switch (rule.level()) {
                case SCHEMA -> schemas.put(source.get(0), rule.target().get(0));
                case TABLE -> tables.put(new TableRef(source.get(0), source.get(1)), rule.target());
                case COLUMN -> {
                    TableRef table = new TableRef(source.get(0), source.get(1));
                    String target = casePolicy.apply(rule.target().get(0));
                    RenameRule clash = columnTargets.computeIfAbsent(table, t -> new HashMap<>()).putIfAbsent(target, rule);
                    if (clash != null) {
                        throw new ConfigException(configKey, rule.text(), "the rules '" + clash.text() + "' and '"
                                + rule.text() + "' map two columns of " + table + " to the same name '" + target + "'");
                    }
                    columns.computeIfAbsent(table, t -> new HashMap<>()).put(source.get(2), rule.target().get(0));
                }
                default -> throw new IllegalStateException(rule.level().name());
            }
        }
    }

    /** The destination of a source table. */
    public TableRef table(TableRef source) {
        return mappedTables.computeIfAbsent(source, this::mapTable);
    }

    private TableRef mapTable(TableRef source) {
        List<String> explicit = tables.get(source);
        String schema;
        String table;
        if (explicit != null) {
            schema = explicit.size() == 2 ? explicit.get(0) : schema(source.schema());
            table = explicit.get(explicit.size() - 1);
        } else {
            schema = schema(source.schema());
            table = byRegex(Level.TABLE, source.table());
        }
        return new TableRef(schema == null ? null : casePolicy.apply(schema), casePolicy.apply(table));
    }

    private String schema(String source) {
        if (source == null) {
            return null;
        }
        String explicit = schemas.get(source);
        return explicit != null ? explicit : byRegex(Level.SCHEMA, source);
    }

    /** The destination name of a column of a source table. */
    public String column(TableRef sourceTable, String column) {
        Map<String, String> explicit = columns.get(sourceTable);
        String mapped = explicit == null ? null : explicit.get(column);
        return casePolicy.apply(mapped != null ? mapped : byRegex(Level.COLUMN, column));
    }

    /** The rule that renames a column, for error messages. */
    String ruleFor(TableRef sourceTable, String column) {
        Map<String, String> explicit = columns.get(sourceTable);
        if (explicit != null && explicit.containsKey(column)) {
            return "'" + sourceTable + "." + column + " -> " + explicit.get(column) + "'";
        }
        for (RenameRule rule : regexRules) {
            if (rule.level() == Level.COLUMN && rule.rename(column) != null) {
                return "'" + rule.text() + "'";
            }
        }
        return casePolicy == CasePolicy.KEEP ? "none" : "case " + casePolicy.name().toLowerCase(Locale.ROOT);
    }

    private String byRegex(Level level, String name) {
        for (RenameRule rule : regexRules) {
            if (rule.level() == level) {
                String renamed = rule.rename(name);
                if (renamed != null) {
                    return renamed;
                }
            }
        }
        return name;
    }
}
