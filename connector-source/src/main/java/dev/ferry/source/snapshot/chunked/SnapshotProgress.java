package dev.ferry.source.snapshot.chunked;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a chunked snapshot has delivered: each table's chunk plan and the chunks whose every row
 * has been handed to Kafka ahead of the record that carries this state in its offset. Immutable;
 * stored as one string under {@code chunks} so Connect's offset store (primitives only) keeps it.
 *
 * <p>Format: {@code schema/table=<blocks per chunk>x<chunks>:<done ranges>} entries joined by
 * {@code ;}, names URL-encoded (so dots, quotes, spaces and unicode survive), done ranges such as
 * {@code 0-3,5}. A plan of 0 blocks per chunk is one statement over the whole table.
 */
public final class SnapshotProgress {

    private final Map<TableName, TablePlan> plans;
    private final Map<TableName, BitSet> done;

    private SnapshotProgress(Map<TableName, TablePlan> plans, Map<TableName, BitSet> done) {
        this.plans = plans;
        this.done = done;
    }

    /** A table's chunk plan: chunk {@code i} reads blocks {@code [i*B, (i+1)*B)}, the last one to the end. */
    public record TablePlan(TableName table, long blocksPerChunk, int chunks) {

        public TablePlan {
            if (chunks < 1 || blocksPerChunk < 0 || (blocksPerChunk == 0 && chunks != 1)) {
                throw new IllegalArgumentException("Invalid chunk plan for " + table + ": " + blocksPerChunk + "x" + chunks);
            }
        }

        public static TablePlan wholeTable(TableName table) {
            return new TablePlan(table, 0, 1);
        }

        /** The ctid range predicate of chunk {@code index}, or null for the whole table. */
        public String ctidPredicate(int index) {
            if (blocksPerChunk == 0 || chunks == 1) {
                return null;
            }
            long from = index * blocksPerChunk;
            String lower = "ctid >= '(" + from + ",0)'::tid";
            if (index == chunks - 1) {
                return lower;
            }
            return lower + " AND ctid < '(" + (from + blocksPerChunk) + ",0)'::tid";
        }
    }

    /** A schema-qualified table name as the catalog spells it. */
    public record TableName(String schema, String table) {

        @Override
        public String toString() {
            return schema + "." + table;
        }
    }

    public static SnapshotProgress start(List<TablePlan> plans) {
        Map<TableName, TablePlan> byTable = new LinkedHashMap<>();
        Map<TableName, BitSet> none = new LinkedHashMap<>();
        for (TablePlan plan : plans) {
            byTable.put(plan.table(), plan);
            none.put(plan.table(), new BitSet());
        }
        return new SnapshotProgress(byTable, none);
    }

    public Map<TableName, TablePlan> plans() {
        return plans;
    }

    public boolean isDone(TableName table, int chunk) {
        BitSet bits = done.get(table);
        return bits != null && bits.get(chunk);
    }

    /** Whether any chunk of the table has been delivered (its target rows must then be kept). */
    public boolean started(TableName table) {
        BitSet bits = done.get(table);
        return bits != null && !bits.isEmpty();
    }

    public long doneChunks() {
        return done.values().stream().mapToLong(BitSet::cardinality).sum();
    }

    public long doneChunks(TableName table) {
        BitSet bits = done.get(table);
        return bits == null ? 0 : bits.cardinality();
    }

    public long totalChunks() {
        return plans.values().stream().mapToLong(TablePlan::chunks).sum();
    }

    /** This progress plus a table the plan did not have (a table that appeared before a resume). */
    public SnapshotProgress withTable(TablePlan plan) {
        Map<TableName, TablePlan> newPlans = new LinkedHashMap<>(plans);
        newPlans.put(plan.table(), plan);
        Map<TableName, BitSet> newDone = new LinkedHashMap<>(done);
        newDone.put(plan.table(), new BitSet());
        return new SnapshotProgress(newPlans, newDone);
    }

    public SnapshotProgress withDone(TableName table, int chunk) {
        Map<TableName, BitSet> newDone = new LinkedHashMap<>(done);
        BitSet bits = (BitSet) newDone.getOrDefault(table, new BitSet()).clone();
        bits.set(chunk);
        newDone.put(table, bits);
        return new SnapshotProgress(plans, newDone);
    }

    public String encode() {
        StringJoiner entries = new StringJoiner(";");
        for (TablePlan plan : plans.values()) {
            entries.add(encodeName(plan.table().schema()) + "/" + encodeName(plan.table().table()) + "="
                    + plan.blocksPerChunk() + "x" + plan.chunks() + ":" + ranges(done.get(plan.table())));
        }
        return entries.toString();
    }

    public static SnapshotProgress decode(String encoded) {
        Map<TableName, TablePlan> plans = new LinkedHashMap<>();
        Map<TableName, BitSet> done = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return new SnapshotProgress(plans, done);
        }
        for (String entry : encoded.split(";")) {
            try {
                int slash = entry.indexOf('/');
                int equals = entry.indexOf('=');
                int x = entry.indexOf('x', equals);
                int colon = entry.indexOf(':', x);
                TableName name = new TableName(decodeName(entry.substring(0, slash)),
                        decodeName(entry.substring(slash + 1, equals)));
                TablePlan plan = new TablePlan(name, Long.parseLong(entry.substring(equals + 1, x)),
                        Integer.parseInt(entry.substring(x + 1, colon)));
                plans.put(name, plan);
                done.put(name, parseRanges(entry.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Unreadable snapshot progress entry '" + entry + "'", e);
            }
        }
        return new SnapshotProgress(plans, done);
    }

    private static String ranges(BitSet bits) {
        StringJoiner out = new StringJoiner(",");
        for (int from = bits.nextSetBit(0); from >= 0; ) {
            int to = bits.nextClearBit(from) - 1;
            out.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = bits.nextSetBit(to + 1);
        }
        return out.toString();
    }

    private static BitSet parseRanges(String text) {
        BitSet bits = new BitSet();
        if (text.isEmpty()) {
            return bits;
        }
        for (String range : text.split(",")) {
            int dash = range.indexOf('-');
            if (dash < 0) {
                bits.set(Integer.parseInt(range));
            } else {
                bits.set(Integer.parseInt(range.substring(0, dash)), Integer.parseInt(range.substring(dash + 1)) + 1);
            }
        }
        return bits;
    }

    private static String encodeName(String name) {
        // URLEncoder leaves '.', '-', '*' and '_' alone, none of which the format uses as a separator.
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static String decodeName(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }
}
