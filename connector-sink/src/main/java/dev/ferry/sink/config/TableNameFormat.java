package dev.ferry.sink.config;

import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.TableId;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies {@code table.name.format} to an event. The format's own first dot outside a placeholder
 * separates the schema part from the table part, so names that contain dots (a schema
 * {@code odd.schema}, a table {@code a.b}) stay whole. Two source tables that the format maps to
 * one target table would be merged silently; the second one fails instead.
 */
public final class TableNameFormat {

    private final String format;
    private final String schemaPart;
    private final String tablePart;
    private final Map<TableId, TableId> sourceOfTarget = new HashMap<>();
    private TableId lastSource;
    private String lastTopic;
    private TableId lastTarget;

    public TableNameFormat(String format) {
        this.format = format;
        int dot = schemaSeparator(format);
        this.schemaPart = dot < 0 ? null : format.substring(0, dot);
        this.tablePart = dot < 0 ? format : format.substring(dot + 1);
    }

    public TableId target(ChangeEvent event) {
        return target(event.source(), event.record().topic());
    }

    /** The target table of {@code source}'s records in {@code topic}. */
    public TableId target(TableId source, String topic) {
        // Batches come table by table: the last answer saves the replacements and the check below.
        if (source.equals(lastSource) && topic.equals(lastTopic)) {
            return lastTarget;
        }
        String schema = schemaPart == null ? null : fill(schemaPart, source, topic);
        TableId target = new TableId(schema == null || schema.isEmpty() ? null : schema, fill(tablePart, source, topic));
        TableId earlier = sourceOfTarget.putIfAbsent(target, source);
        if (earlier != null && !earlier.equals(source)) {
            throw new SinkConfigurationError("source tables " + earlier + " and " + source + " both map to target table "
                    + target + " with table.name.format '" + format + "'; their rows would be merged. Include "
                    + "${source.schema} in table.name.format (on MySQL: '${source.schema}_${source.table}' or "
                    + "'${source.schema}.${source.table}' for one database per schema), or rename one with RenameObjects");
        }
        lastSource = source;
        lastTopic = topic;
        lastTarget = target;
        return target;
    }

    private static String fill(String part, TableId source, String topic) {
        return part.replace("${source.schema}", source.schema() == null ? "" : source.schema())
                .replace("${source.table}", source.table())
                .replace("${topic}", topic);
    }

    /** The first '.' of the format that is not inside a {@code ${…}} placeholder, or -1. */
    private static int schemaSeparator(String format) {
        boolean inPlaceholder = false;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '$' && i + 1 < format.length() && format.charAt(i + 1) == '{') {
                inPlaceholder = true;
            } else if (c == '}') {
                inPlaceholder = false;
            } else if (c == '.' && !inPlaceholder) {
                return i;
            }
        }
        return -1;
    }
}
