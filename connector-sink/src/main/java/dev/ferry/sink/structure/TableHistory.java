package dev.ferry.sink.structure;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.sink.event.TableId;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A target table as the last applied schema record gave it: the columns by source position
 * ({@code attnum}), the primary key, and the names of the indexes, unique constraints and checks.
 * A DDL record is compared with it: a renamed column keeps its position under another name, a
 * dropped one leaves its position, an added one brings a new one; a retyped column keeps its
 * position with another type; an index or check the history names and the record does not was
 * dropped on the source (the target's own indexes, which the history never names, stay). Kept in
 * the schema sync ledger, so a restarted sink still knows it.
 *
 * @param retired names the table's columns had before a rename (to the current name) or a drop
 *     (to {@value #DROPPED}): change events written before the DDL, replayed after a crash, carry
 *     them, and must neither bring the old column back nor lose their values
 * @param foreignKeys the names of the table's foreign keys on the source
 * @param renamedTo the target table this one became when the source renamed its table (its
 *     other fields are empty then), or null: the rows that reach the old name afterwards (its
 *     topic's last rows, a replay) are written into the renamed table
 */
record TableHistory(Map<Integer, Entry> byPosition, Map<String, String> retired, List<String> primaryKey,
        Set<String> indexes, Set<String> checks, Set<String> foreignKeys, TableId renamedTo) {

    /** What a dropped column's name retires to (PostgreSQL has no zero-length identifiers). */
    static final String DROPPED = "";

    /** What is compared of a column. */
    record Entry(String name, String type, boolean notNull, String defaultExpression) {
    }

    TableHistory {
        byPosition = Map.copyOf(byPosition);
        retired = Map.copyOf(retired);
        primaryKey = List.copyOf(primaryKey);
        indexes = Set.copyOf(indexes);
        checks = Set.copyOf(checks);
        foreignKeys = Set.copyOf(foreignKeys);
    }

    static TableHistory empty() {
        return new TableHistory(Map.of(), Map.of(), List.of(), Set.of(), Set.of(), Set.of(), null);
    }

    /** The history of a table renamed to {@code target}. */
    static TableHistory renamedTo(TableId target) {
        return new TableHistory(Map.of(), Map.of(), List.of(), Set.of(), Set.of(), Set.of(), target);
    }

    /** This history without the index {@code name}. */
    TableHistory withoutIndex(String name) {
        Set<String> rest = new TreeSet<>(indexes);
        rest.remove(name);
        return new TableHistory(byPosition, retired, primaryKey, rest, checks, foreignKeys, renamedTo);
    }

    /** {@code structure}'s positioned columns (records of older sources have none), keys, indexes, checks, foreign keys. */
    static TableHistory of(TableStructure structure, Map<String, String> retired) {
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        for (Column column : structure.columns()) {
            if (column.position() != null) {
                entries.put(column.position(), new Entry(column.name(), column.type(), column.notNull(),
                        column.defaultExpression()));
            }
        }
        return new TableHistory(entries, retired, structure.primaryKey(),
                names(structure.indexes().stream().map(TableStructure.Index::name).toList()),
                names(structure.checks().stream().map(TableStructure.Check::name).toList()),
                names(structure.foreignKeys().stream().map(TableStructure.ForeignKey::name).toList()), null);
    }

    static TableHistory of(TableStructure structure) {
        return of(structure, Map.of());
    }

    private static Set<String> names(List<String> names) {
        return new TreeSet<>(names);
    }

    boolean isEmpty() {
        return byPosition.isEmpty();
    }

    Entry at(Integer position) {
        return position == null ? null : byPosition.get(position);
    }

    /**
     * The current name of a column an event names {@code name}: itself when no rename or drop
     * retired it, the name it was renamed to (through later renames too), or null when it was dropped.
     */
    String current(String name) {
        String current = name;
        for (int hops = 0; hops <= retired.size(); hops++) {
            String next = retired.get(current);
            if (next == null) {
                return current;
            }
            if (next.equals(DROPPED)) {
                return null;
            }
            current = next;
        }
        return current;
    }

    /**
     * One line per column: position, name, type, NOT NULL, default (each URL-encoded; no default
     * is empty); then {@code ~ old current} per retired name (current empty: dropped),
     * {@code p columns…} for the primary key, {@code i name} per index, {@code c name} per check,
     * {@code f name} per foreign key, {@code > schema table} for the table it was renamed to (no
     * schema: empty).
     */
    String encode() {
        List<String> lines = new ArrayList<>();
        byPosition.forEach((position, e) -> lines.add(position + " " + escape(e.name()) + " " + escape(e.type()) + " "
                + e.notNull() + " " + (e.defaultExpression() == null ? "" : "=" + escape(e.defaultExpression()))));
        retired.forEach((old, current) -> lines.add("~ " + escape(old) + " " + escape(current)));
        if (!primaryKey.isEmpty()) {
            lines.add("p " + String.join(" ", primaryKey.stream().map(TableHistory::escape).toList()));
        }
        new TreeSet<>(indexes).forEach(name -> lines.add("i " + escape(name)));
        new TreeSet<>(checks).forEach(name -> lines.add("c " + escape(name)));
        new TreeSet<>(foreignKeys).forEach(name -> lines.add("f " + escape(name)));
        if (renamedTo != null) {
            lines.add("> " + (renamedTo.schema() == null ? "" : escape(renamedTo.schema())) + " "
                    + escape(renamedTo.table()));
        }
        return String.join("\n", lines);
    }

    static TableHistory decode(String text) {
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        Map<String, String> retired = new LinkedHashMap<>();
        List<String> primaryKey = new ArrayList<>();
        Set<String> indexes = new TreeSet<>();
        Set<String> checks = new TreeSet<>();
        Set<String> foreignKeys = new TreeSet<>();
        TableId renamedTo = null;
        if (text != null && !text.isBlank()) {
            for (String line : text.split("\n")) {
                String[] parts = line.split(" ", -1);
                switch (parts[0]) {
                    case "~" -> retired.put(unescape(parts[1]), unescape(parts[2]));
                    case "p" -> Arrays.stream(parts, 1, parts.length).map(TableHistory::unescape).forEach(primaryKey::add);
                    case "i" -> indexes.add(unescape(parts[1]));
                    case "c" -> checks.add(unescape(parts[1]));
                    case "f" -> foreignKeys.add(unescape(parts[1]));
                    case ">" -> renamedTo = new TableId(parts[1].isEmpty() ? null : unescape(parts[1]), unescape(parts[2]));
                    default -> entries.put(Integer.parseInt(parts[0]), new Entry(unescape(parts[1]), unescape(parts[2]),
                            Boolean.parseBoolean(parts[3]), parts[4].isEmpty() ? null : unescape(parts[4].substring(1))));
                }
            }
        }
        return new TableHistory(entries, retired, primaryKey, indexes, checks, foreignKeys, renamedTo);
    }

    private static String escape(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
