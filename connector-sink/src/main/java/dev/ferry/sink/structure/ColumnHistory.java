package dev.ferry.sink.structure;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target table's columns as the last applied schema record gave them, by source position
 * ({@code attnum}): what a DDL record is compared with to tell a renamed column (same position,
 * other name) from a dropped one and an added one, and a retyped column from an unchanged one.
 * Kept in the schema sync ledger, so a restarted sink still knows it.
 */
record ColumnHistory(Map<Integer, Entry> byPosition) {

    /** What is compared of a column. */
    record Entry(String name, String type, boolean notNull, String defaultExpression) {
    }

    ColumnHistory {
        byPosition = Map.copyOf(byPosition);
    }

    /** The positioned columns of {@code structure} (columns of records from older sources have none). */
    static ColumnHistory of(TableStructure structure) {
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        for (Column column : structure.columns()) {
            if (column.position() != null) {
                entries.put(column.position(), new Entry(column.name(), column.type(), column.notNull(),
                        column.defaultExpression()));
            }
        }
        return new ColumnHistory(entries);
    }

    boolean isEmpty() {
        return byPosition.isEmpty();
    }

    Entry at(Integer position) {
        return position == null ? null : byPosition.get(position);
    }

    /** One line per column: position, name, type, NOT NULL, default (each URL-encoded; no default is empty). */
    String encode() {
        List<String> lines = new ArrayList<>();
        byPosition.forEach((position, e) -> lines.add(position + " " + escape(e.name()) + " " + escape(e.type()) + " "
                + e.notNull() + " " + (e.defaultExpression() == null ? "" : "=" + escape(e.defaultExpression()))));
        return String.join("\n", lines);
    }

    static ColumnHistory decode(String text) {
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String line : text.split("\n")) {
                String[] parts = line.split(" ", -1);
                entries.put(Integer.parseInt(parts[0]), new Entry(unescape(parts[1]), unescape(parts[2]),
                        Boolean.parseBoolean(parts[3]), parts[4].isEmpty() ? null : unescape(parts[4].substring(1))));
            }
        }
        return new ColumnHistory(entries);
    }

    private static String escape(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
