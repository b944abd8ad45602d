package dev.ferry.source.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A {@code schema.table} name as users write it in Ferry's keys; quoted for SQL on demand. */
public record QualifiedTableName(String schema, String table) {

    public static QualifiedTableName parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("expected schema.table, got '" + text + "'");
        }
        return new QualifiedTableName(text.substring(0, dot), text.substring(dot + 1));
    }

    /** The name as a SQL identifier pair, each part double-quoted. */
    public String quoted() {
        return quote(schema) + "." + quote(table);
    }

    /**
     * Whether Debezium's incremental snapshot can take this table: it keeps tables in its offsets
     * by their unquoted names and parses them back, which fails for names with spaces, dots,
     * quotes or other characters outside letters, digits, {@code _} and {@code $}.
     */
    public boolean incrementalSnapshotCapable() {
        return plain(schema) && plain(table);
    }

    private static boolean plain(String identifier) {
        return identifier.matches("[\\p{L}_][\\p{L}\\p{N}_$]*");
    }

    /** A Debezium include-list regular expression that matches exactly this table. */
    public String includeListPattern() {
        return java.util.regex.Pattern.quote(schema) + "\\." + java.util.regex.Pattern.quote(table);
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }

    /** Rejects values that are not {@code schema.table}. */
    public static final class Validator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "schema.table";
        }
    }
}
