package dev.ferry.transforms.operations;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/** The SQL operations a change event can stand for; {@code DDL}: a DDL record (ddl.sync). */
public enum Operation {
    INSERT, UPDATE, DELETE, TRUNCATE, DDL;

    /** Reads {@code insert,update} (or {@code all}, or {@code none}). */
    public static Set<Operation> parseList(String text, String configKey, String rule) {
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        for (String name : text.split(",")) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            switch (trimmed) {
                case "all" -> operations.addAll(EnumSet.allOf(Operation.class));
                case "none" -> {
                }
                case "insert", "update", "delete", "truncate", "ddl" ->
                        operations.add(valueOf(trimmed.toUpperCase(Locale.ROOT)));
                default -> throw new ConfigException(configKey, rule, "unknown operation '" + name.trim()
                        + "' (use insert, update, delete, truncate, ddl, all or none)");
            }
        }
        return operations;
    }
}
