package dev.ferry.benchmarks.workload;

import dev.ferry.benchmarks.ConnectorSettings;
import dev.ferry.benchmarks.Lab;
import dev.ferry.benchmarks.Measurement;
import dev.ferry.benchmarks.MeteredWorker;
import dev.ferry.benchmarks.PostgresTools;
import dev.ferry.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backlog of changes made while every contender's connector is stopped, then drained: from the
 * connector's resume until its topics hold every change. The ceiling is {@code pg_recvlogical}
 * decoding the same backlog with pgoutput from a slot created at the same point.
 */
public final class DrainWorkload implements Workload {

    /** What the backlog is made of. */
    public enum Kind {
        /** Inserts of a five-column row, 1,000 per transaction. */
        INSERTS,
        /** pgbench's TPC-B-like transactions: three updates and one insert each, on four tables. */
        TPCB
    }

    private static final String CEILING_SLOT = "bench_ceiling";

    private final String name;
    private final Kind kind;
    private final long changes;
    private final List<String> contenders;

    public DrainWorkload(String name, Kind kind, long changes, List<String> contenders) {
        this.name = name;
        this.kind = kind;
        this.changes = changes;
        this.contenders = contenders;
    }

    @Override
    public String name() {
        return name;
    }

    private List<String> tables() {
        return kind == Kind.INSERTS ? List.of("drain_events")
                : List.of("pgbench_accounts", "pgbench_branches", "pgbench_tellers", "pgbench_history");
    }

    @Override
    public List<Measurement> run(Lab lab) throws Exception {
        createTables(lab);
        String tableList = String.join(",", tables().stream().map(t -> "public." + t).toList());
        List<Measurement> results = new ArrayList<>();
        try {
            lab.postgres().execute("CREATE PUBLICATION " + CEILING_SLOT + " FOR TABLE " + String.join(", ", tables()),
                    "SELECT pg_create_logical_replication_slot('" + CEILING_SLOT + "', 'pgoutput')");
            for (String contender : contenders) {
                startThenStop(lab, contender, tableList);
            }
            makeBacklog(lab);
            String endLsn = lab.postgres().queryValue("SELECT pg_current_wal_lsn()");
            results.add(recvlogical(lab, endLsn));
            for (String contender : contenders) {
                results.add(drain(lab, contender));
            }
        } finally {
            lab.postgres().execute("DROP PUBLICATION IF EXISTS " + CEILING_SLOT);
            lab.dropIdleSlots();
            for (String table : tables()) {
                lab.postgres().execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return results;
    }

    private void createTables(Lab lab) throws Exception {
        if (kind == Kind.INSERTS) {
            lab.postgres().execute("DROP TABLE IF EXISTS drain_events", "CREATE TABLE drain_events (id bigserial PRIMARY KEY,"
                    + " account integer NOT NULL, amount numeric(12,2) NOT NULL, note text, created timestamptz NOT NULL DEFAULT now())");
        } else {
            // Server-side generation; scale 1 is 100,000 accounts, 10 tellers, 1 branch.
            PostgresTools.run(lab, "pgbench", List.of("-i", "-q", "-s", "1", "-I", "dtGp", PostgresExtension.DATABASE));
            lab.postgres().execute("ALTER TABLE pgbench_history ADD COLUMN hid bigserial PRIMARY KEY");
        }
    }

    private String connector(Lab lab, String contender) {
        return lab.connectorName(name, contender);
    }

    /** Creates the connector so that its slot exists before the backlog, then stops it. */
    private void startThenStop(Lab lab, String contender, String tableList) {
        String connector = connector(lab, contender);
        String slot = contender.equals(Measurement.FERRY) ? "ferry_" + connector : connector;
        try (MeteredWorker worker = lab.startWorker(contender, connector)) {
            worker.create(connector, ConnectorSettings.source(contender, lab, connector, tableList, true));
            worker.awaitRunning(connector);
            Lab.awaitCondition("slot " + slot + " streaming", 120, () -> "t".equals(lab.postgres()
                    .queryValue("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
            worker.rest().stopConnector(connector);
            Lab.awaitCondition("slot " + slot + " released", 120, () -> "f".equals(lab.postgres()
                    .queryValue("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
        }
    }

    private void makeBacklog(Lab lab) throws Exception {
        if (kind == Kind.INSERTS) {
            long perTransaction = Math.min(1000, changes);
            try (var connection = lab.source(); var statement = connection.createStatement()) {
                for (long done = 0; done < changes; done += perTransaction) {
                    statement.execute("INSERT INTO drain_events (account, amount, note) SELECT g % 1000, g * 0.01,"
                            + " 'payment ' || g FROM generate_series(1, " + Math.min(perTransaction, changes - done) + ") g");
                }
            }
        } else {
            // Each TPC-B-like transaction changes four rows; two clients share the work.
            long transactionsPerClient = Math.max(1, changes / 4 / 2);
            PostgresTools.run(lab, "pgbench", List.of("-n", "-c", "2", "-j", "2", "-t", Long.toString(transactionsPerClient),
                    PostgresExtension.DATABASE));
        }
    }

    private long backlogSize(Lab lab) {
        if (kind == Kind.INSERTS) {
            return changes;
        }
        long transactions = Long.parseLong(lab.postgres().queryValue("SELECT count(*) FROM pgbench_history"));
        return transactions * 4;
    }

    private Measurement recvlogical(Lab lab, String endLsn) throws Exception {
        long start = System.nanoTime();
        PostgresTools.run(lab, "pg_recvlogical", List.of("-d", PostgresExtension.DATABASE, "-S", CEILING_SLOT, "--start",
                "-E", endLsn, "-o", "proto_version=1", "-o", "publication_names=" + CEILING_SLOT, "-f", "/dev/null",
                "--no-loop"));
        return Measurement.ceiling(name, "pg_recvlogical", backlogSize(lab), (System.nanoTime() - start) / 1e9);
    }

    private Measurement drain(Lab lab, String contender) {
        String connector = connector(lab, contender);
        long expected = backlogSize(lab);
        try (MeteredWorker worker = lab.startWorker(contender, connector)) {
            worker.startClock();
            worker.rest().resumeConnector(connector);
            long before = changesOnTopics(lab, connector);
            worker.await(contender + " draining " + expected + " changes", 3600, () -> changesOnTopics(lab, connector) > before + 8,
                    () -> changesOnTopics(lab, connector) >= expected, connector);
            Measurement measurement = worker.measure(name, contender, lab.heap(), expected, Map.of());
            worker.rest().deleteConnector(connector);
            lab.verifyRows(contender, tables().stream().map(t -> connector + ".public." + t).toList(), expected);
            return measurement;
        }
    }

    private long changesOnTopics(Lab lab, String connector) {
        long sum = 0;
        for (String table : tables()) {
            try {
                sum += lab.topicRecords(connector + ".public." + table);
            } catch (RuntimeException notYetCreated) {
                // The topic appears with the first change of its table.
            }
        }
        return sum;
    }
}
