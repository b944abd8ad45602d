package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import io.debezium.DebeziumException;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source database goes down after Ferry prepared it and before Debezium's task connects (a
 * restart about a second after the task started: ChaosIT -Pchaos seeds 58 and 74). Debezium fails
 * that start with "Couldn't initialize type registry", which it does not retry; Ferry retries it
 * within connection.retry.window.ms, and fails after the window naming the cause. Driven directly
 * (no Connect worker) so the outage falls exactly into Debezium's start. The first test fails on
 * the code before the fix (the DebeziumException left poll and Connect failed the task).
 */
class DebeziumStartRetryIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @Test
    void aDatabaseDownWhenStreamingStartsIsRetriedAndTheStreamStartsOnceItIsBack() throws Exception {
        PG.execute("CREATE TABLE public.late (id int PRIMARY KEY)", "INSERT INTO public.late VALUES (1), (2)");
        AtomicInteger starts = new AtomicInteger();
        DownAtFirstStart debezium = new DownAtFirstStart(starts, 3000);
        PostgresSourceTask task = new PostgresSourceTask(debezium);
        task.initialize(new StoredOffsetsContext());
        task.start(ConnectorConfigs.ferrySource(PG, "late", "public.late"));
        try {
            List<SourceRecord> rows = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 120_000;
            boolean inserted = false;
            while (System.currentTimeMillis() < deadline && !rowsWithIds(rows).contains(3)) {
                List<SourceRecord> polled = task.poll();
                if (polled != null) {
                    rows.addAll(polled);
                }
                acknowledge(task, polled);
                if (!inserted && !debezium.down && rowsWithIds(rows).containsAll(List.of(1, 2))) {
                    PG.execute("INSERT INTO public.late VALUES (3)");
                    inserted = true;
                }
            }
            assertThat(starts.get()).as("Debezium's starts: failed while the database was down, then one more")
                    .isGreaterThanOrEqualTo(2);
            assertThat(rowsWithIds(rows)).as("snapshot rows, then a streamed one").containsExactly(1, 2, 3);
        } finally {
            task.stop();
        }
    }

    @Test
    void aDatabaseDownLongerThanTheWindowWhenStreamingStartsFailsTheTaskNamingTheCause() throws Exception {
        PG.execute("CREATE TABLE public.gone (id int PRIMARY KEY)");
        Map<String, String> config = ConnectorConfigs.ferrySource(PG, "gone", "public.gone");
        config.put("connection.retry.window.ms", "2000");
        PostgresSourceTask task = new PostgresSourceTask(new DownAtFirstStart(new AtomicInteger(), -1));
        task.initialize(new StoredOffsetsContext());
        task.start(config);
        try {
            assertThatThrownBy(() -> {
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline) {
                    acknowledge(task, task.poll());
                }
            }).isInstanceOf(ConnectException.class).hasMessageContaining("unreachable for")
                    .hasMessageContaining("when streaming starts").hasMessageContaining("connection.retry.window.ms=2000")
                    .hasMessageContaining("Connection refused");
        } finally {
            task.stop();
            PG.start();
        }
    }

    /** As Connect does once Kafka has the records: Ferry's snapshot hands over to streaming only then. */
    private static void acknowledge(PostgresSourceTask task, List<SourceRecord> records) throws InterruptedException {
        if (records != null) {
            for (SourceRecord record : records) {
                task.commitRecord(record, null);
            }
        }
    }

    /** The ids of the rows read or inserted into public.late (its truncate record has no row). */
    private static List<Integer> rowsWithIds(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("late.public.late") && r.value() instanceof Struct v
                        && v.schema().field("after") != null)
                .map(r -> ((Struct) r.value()).getStruct("after")).filter(after -> after != null)
                .map(after -> after.getInt32("id")).sorted().toList();
    }

    /**
     * Debezium's task, whose first start stops the database (started again after downMillis, if
     * positive). While it is down, a start fails as Debezium's does when the database goes down
     * between its first connection (the encoding, which it retries) and its second (the type
     * registry, which it does not): a DebeziumException caused by the driver's own failure to connect.
     */
    private static final class DownAtFirstStart extends PostgresConnectorTask {

        private final AtomicInteger starts;
        private final long downMillis;
        private volatile boolean down;

        DownAtFirstStart(AtomicInteger starts, long downMillis) {
            this.starts = starts;
            this.downMillis = downMillis;
        }

        @Override
        public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(Configuration config) {
            if (starts.getAndIncrement() == 0) {
                stopTheDatabase();
            }
            if (down) {
                try (Connection refused = PG.connect()) {
                    throw new IllegalStateException("the database should be down");
                } catch (SQLException e) {
                    throw new DebeziumException("Couldn't initialize type registry", e);
                }
            }
            return super.start(config);
        }

        private void stopTheDatabase() {
            try {
                PG.pause();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            down = true;
            if (downMillis <= 0) {
                return;
            }
            Thread restart = new Thread(() -> {
                try {
                    Thread.sleep(downMillis);
                    PG.start();
                    down = false;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restart.setDaemon(true);
            restart.start();
        }
    }
}
