package dev.ferry.benchmarks.workload;

import dev.ferry.benchmarks.ConnectorSettings;
import dev.ferry.benchmarks.Lab;
import dev.ferry.benchmarks.Measurement;
import dev.ferry.benchmarks.MeteredWorker;
import java.io.OutputStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * The initial snapshot of one table into Kafka, from the connector's creation until the table's
 * topic holds every row; the ceiling is {@code COPY table TO STDOUT} read by a client that discards it.
 */
public final class SnapshotWorkload implements Workload {

    private final String name;
    private final SourceTable table;
    private final long rows;
    private final List<String> contenders;

    public SnapshotWorkload(String name, SourceTable table, long rows, List<String> contenders) {
        this.name = name;
        this.table = table;
        this.rows = rows;
        this.contenders = contenders;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Measurement> run(Lab lab) throws Exception {
        table.create(lab, rows);
        List<Measurement> results = new ArrayList<>();
        try {
            results.add(copyToStdout(lab));
            for (String contender : contenders) {
                results.add(snapshot(lab, contender));
            }
        } finally {
            table.drop(lab);
        }
        return results;
    }

    private Measurement copyToStdout(Lab lab) throws Exception {
        try (Connection connection = lab.source()) {
            long start = System.nanoTime();
            long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY " + table.name() + " TO STDOUT", OutputStream.nullOutputStream());
            return Measurement.ceiling(name, "COPY TO STDOUT", copied, (System.nanoTime() - start) / 1e9);
        }
    }

    private Measurement snapshot(Lab lab, String contender) {
        String connector = lab.connectorName(name, contender);
        String topic = connector + ".public." + table.name();
        Map<String, String> config = ConnectorSettings.source(contender, lab, connector, "public." + table.name(), false);
        try (MeteredWorker worker = lab.startWorker(contender)) {
            worker.startClock();
            worker.create(connector, config);
            worker.await(contender + " snapshot of " + table.name(), 3600, () -> lab.topicRecords(topic) > 2,
                    () -> lab.topicRecords(topic) >= rows, connector);
            Measurement measurement = worker.measure(name, contender, lab.heap(), rows, Map.of());
            worker.rest().deleteConnector(connector);
            lab.verifyRows(contender, List.of(topic), rows);
            return measurement;
        } finally {
            lab.dropIdleSlots();
        }
    }
}
