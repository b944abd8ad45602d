package dev.ferry.benchmarks.workload;

import dev.ferry.benchmarks.ConnectorSettings;
import dev.ferry.benchmarks.Lab;
import dev.ferry.benchmarks.Measurement;
import dev.ferry.benchmarks.MeteredWorker;
import dev.ferry.testsupport.MariaDbExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * A sink applying change events already in Kafka to PostgreSQL or MariaDB: from the sink's creation
 * until the target holds the events' last row, then the target is compared with the source. The
 * ceiling is the database's bulk load of as many rows of the same shape ({@code COPY FROM},
 * {@code LOAD DATA LOCAL INFILE}).
 */
public final class ApplyWorkload implements Workload {

    /** The target database. */
    public enum Target { POSTGRES, MARIADB }

    private final String name;
    private final Target target;
    private final ApplyInputs.Mix mix;
    private final long events;
    private final ApplyInputs inputs;
    private final List<String> contenders;
    private final int tasks;

    public ApplyWorkload(String name, Target target, ApplyInputs.Mix mix, long events, ApplyInputs inputs, List<String> contenders) {
        this(name, target, mix, events, inputs, contenders, 1);
    }

    /** With the sink at {@code tasks.max=tasks} (the scale-out workloads, over a partitioned topic). */
    public ApplyWorkload(String name, Target target, ApplyInputs.Mix mix, long events, ApplyInputs inputs,
            List<String> contenders, int tasks) {
        this.name = name;
        this.target = target;
        this.mix = mix;
        this.events = events;
        this.inputs = inputs;
        this.contenders = contenders;
        this.tasks = tasks;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Measurement> run(Lab lab) throws Exception {
        ApplyInputs.Input input = inputs.topic(lab, mix, events);
        List<Measurement> results = new ArrayList<>();
        results.add(bulkLoad(lab, input.events()));
        List<String> expected;
        try (Connection source = lab.source()) {
            expected = ApplyInputs.fingerprint(source, input.table(), true);
        }
        for (String contender : contenders) {
            results.add(apply(lab, contender, input, expected));
        }
        return results;
    }

    private Connection connectTarget(Lab lab) throws SQLException {
        return target == Target.POSTGRES ? lab.postgresTarget()
                : DriverManager.getConnection(lab.mariaDb().jdbcUrl() + "?allowLocalInfile=true", MariaDbExtension.USER,
                        MariaDbExtension.PASSWORD);
    }

    private Measurement bulkLoad(Lab lab, long rows) throws Exception {
        Path file = lab.workDir().resolve("bulk-rows.tsv");
        try (Connection source = lab.source(); OutputStream out = Files.newOutputStream(file)) {
            source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT g, (g - 1) / 100000 + 1, 0, md5(g::text)"
                    + " FROM generate_series(1, " + rows + ") g) TO STDOUT", out);
        }
        try (Connection connection = connectTarget(lab); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bulk_ceiling");
            statement.execute("CREATE TABLE bulk_ceiling (aid integer PRIMARY KEY, bid integer NOT NULL, abalance integer NOT NULL, filler text)");
            long start = System.nanoTime();
            long loaded;
            String method;
            if (target == Target.POSTGRES) {
                method = "COPY FROM STDIN";
                try (InputStream in = Files.newInputStream(file)) {
                    loaded = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bulk_ceiling FROM STDIN", in);
                }
            } else {
                method = "LOAD DATA LOCAL INFILE";
                loaded = statement.executeUpdate("LOAD DATA LOCAL INFILE '" + file.toAbsolutePath() + "' INTO TABLE bulk_ceiling");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            statement.execute("DROP TABLE bulk_ceiling");
            return Measurement.ceiling(name, method, loaded, seconds);
        } finally {
            deleteQuietly(file);
        }
    }

    private Measurement apply(Lab lab, String contender, ApplyInputs.Input input, List<String> expected) throws Exception {
        String connector = lab.connectorName(name, contender);
        Map<String, String> config = target == Target.POSTGRES ? ConnectorSettings.postgresSink(contender, lab, input.topic())
                : ConnectorSettings.mariaDbSink(contender, lab, input.topic());
        config.put("tasks.max", Integer.toString(tasks));
        try (Connection check = connectTarget(lab); Statement statement = check.createStatement();
             MeteredWorker worker = lab.startWorker(contender)) {
            statement.execute("DROP TABLE IF EXISTS " + input.table());
            worker.startClock();
            worker.create(connector, config);
            worker.await(contender + " applying " + input.events() + " events to " + target, 3600,
                    () -> hasRows(check, input), () -> lastRowArrived(check, input), connector);
            Measurement measurement = worker.measure(name, contender, lab.heap(), input.events(), Map.of());
            worker.rest().deleteConnector(connector);
            List<String> actual = ApplyInputs.fingerprint(check, input.table(), target == Target.POSTGRES);
            if (!actual.equals(expected)) {
                throw new IllegalStateException(contender + " left " + input.table() + " on " + target + " with (count, sums) "
                        + actual + "; the source has " + expected);
            }
            statement.execute("DROP TABLE " + input.table());
            return measurement;
        }
    }

    private static boolean hasRows(Connection check, ApplyInputs.Input input) {
        try {
            return Lab.queryLong(check, "SELECT count(*) FROM (SELECT 1 FROM " + input.table() + " LIMIT 1) first_row") > 0;
        } catch (SQLException tableNotCreatedYet) {
            return false;
        }
    }

    private boolean lastRowArrived(Connection check, ApplyInputs.Input input) {
        try {
            if (Lab.queryLong(check, "SELECT count(*) FROM " + input.table() + " WHERE aid = " + input.lastKey()) == 0) {
                return false;
            }
            if (mix != ApplyInputs.Mix.UPDATES_AND_DELETES) {
                return Lab.queryLong(check, "SELECT count(*) FROM " + input.table()) == input.events();
            }
            return true;
        } catch (SQLException tableNotCreatedYet) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover temporary file in the work directory is harmless.
        }
    }
}
