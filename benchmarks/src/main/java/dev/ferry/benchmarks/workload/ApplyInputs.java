package dev.ferry.benchmarks.workload;

import dev.ferry.benchmarks.ConnectorSettings;
import dev.ferry.benchmarks.Lab;
import dev.ferry.benchmarks.Measurement;
import dev.ferry.benchmarks.MeteredWorker;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The change events the apply workloads feed to each sink: written once per run by Ferry's source
 * (as plain Debezium envelopes, without schema records, so Debezium's JDBC sink reads them too) from
 * a source table that stays for the sinks' results to be compared with.
 */
public final class ApplyInputs {

    /** The events' mix. */
    public enum Mix {
        /** The initial snapshot of {@code events} rows. */
        INSERTS("apply_insert"),
        /**
         * A snapshot of a fifth of the events' rows, then updates of the same hot tenth of the rows
         * round after round (60 %), a delete of a tenth (10 %) and the same keys inserted again (10 %),
         * then one marker row whose arrival says every earlier event was applied.
         */
        UPDATES_AND_DELETES("apply_mix"),
        /**
         * The initial snapshot of {@code events} rows into a topic of {@value #SCALE_OUT_PARTITIONS}
         * partitions (keyed by primary key), for sinks with several tasks.
         */
        PARTITIONED_INSERTS("apply_partitioned", SCALE_OUT_PARTITIONS);

        final String table;
        final int partitions;

        Mix(String table) {
            this(table, 1);
        }

        Mix(String table, int partitions) {
            this.table = table;
            this.partitions = partitions;
        }
    }

    /** The partitions of the scale-out workloads' topic: the most sink tasks they run. */
    public static final int SCALE_OUT_PARTITIONS = 4;

    /** The produced input: its topic, its event count and the key of the row that arrives last. */
    public record Input(String table, String topic, long events, long lastKey) {
    }

    private final Map<Mix, Input> produced = new HashMap<>();

    public Input topic(Lab lab, Mix mix, long events) throws Exception {
        Input input = produced.get(mix);
        if (input == null) {
            input = produce(lab, mix, events);
            produced.put(mix, input);
        }
        return input;
    }

    public void drop(Lab lab) {
        for (Input input : produced.values()) {
            lab.postgres().execute("DROP TABLE IF EXISTS " + input.table());
        }
        produced.clear();
    }

    private Input produce(Lab lab, Mix mix, long events) throws Exception {
        String connector = lab.connectorName("input_" + mix.table, "ferry");
        String topic = connector + ".public." + mix.table;
        long base = mix == Mix.UPDATES_AND_DELETES ? events / 5 : events;
        if (mix.partitions > 1) {
            lab.createTopic(topic, mix.partitions);
        }
        lab.postgres().execute("DROP TABLE IF EXISTS " + mix.table,
                "CREATE TABLE " + mix.table + " (aid integer PRIMARY KEY, bid integer NOT NULL, abalance integer NOT NULL, filler text)",
                "INSERT INTO " + mix.table + " SELECT g, (g - 1) / 100000 + 1, 0, md5(g::text) FROM generate_series(1, " + base + ") g",
                "VACUUM ANALYZE " + mix.table);
        Map<String, String> config = ConnectorSettings.source(Measurement.FERRY, lab, connector, "public." + mix.table, false);
        config.put("schema.records.enabled", "false");
        config.put("tombstones.on.delete", "false");
        try (MeteredWorker worker = lab.startWorker(Measurement.FERRY)) {
            worker.create(connector, config);
            worker.await("the snapshot of " + mix.table, 3600, () -> true, () -> lab.topicRecords(topic) >= base, connector);
            long total = base;
            long lastKey = base;
            if (mix == Mix.UPDATES_AND_DELETES) {
                total += changeHotRows(lab, mix.table, base, events);
                lastKey = base + 1;
                lab.postgres().execute("INSERT INTO " + mix.table + " VALUES (" + lastKey + ", 1, 1, 'marker')");
                total++;
            }
            long expected = total;
            worker.await("the changes of " + mix.table, 3600, () -> true, () -> lab.topicRecords(topic) >= expected, connector);
            worker.rest().deleteConnector(connector);
            return new Input(mix.table, topic, expected, lastKey);
        } finally {
            lab.dropIdleSlots();
        }
    }

    /** Returns the number of change events the statements made. */
    private static long changeHotRows(Lab lab, String table, long base, long events) throws Exception {
        long hot = Math.max(1, base / 10);
        long updates = events * 6 / 10;
        long deleted = events / 10;
        long made = 0;
        try (Connection connection = lab.source(); Statement statement = connection.createStatement()) {
            for (long round = 0; made + hot <= updates; round++) {
                made += statement.executeUpdate("UPDATE " + table + " SET abalance = abalance + 1 WHERE aid <= " + hot);
            }
            made += statement.executeUpdate("DELETE FROM " + table + " WHERE aid > " + (base - deleted));
            made += statement.executeUpdate("INSERT INTO " + table + " SELECT g, (g - 1) / 100000 + 1, -1, md5(g::text) || 'again'"
                    + " FROM generate_series(" + (base - deleted + 1) + ", " + base + ") g");
        }
        return made;
    }

    /** Count and sums that any two copies of the table agree on, in either dialect. */
    static List<String> fingerprint(Connection connection, String table, boolean postgres) throws Exception {
        String product = postgres ? "aid::bigint * abalance" : "aid * abalance";
        String sql = "SELECT count(*), coalesce(sum(aid), 0), coalesce(sum(bid), 0), coalesce(sum(abalance), 0),"
                + " coalesce(sum(" + product + "), 0), coalesce(sum(length(filler)), 0) FROM " + table;
        try (Statement statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            rows.next();
            List<String> values = new java.util.ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                values.add(new java.math.BigDecimal(rows.getString(i)).toBigInteger().toString());
            }
            return values;
        }
    }
}
