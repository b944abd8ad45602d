package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.DebeziumDefaults;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A task restarted from the offset Connect committed after the delete half of a primary-key change
 * (the create half not yet acknowledged when the worker died) still writes the create: the new
 * key's row is not lost. Debezium gives all three records of a key change the UPDATE's WAL
 * position, so a restart from the delete's offset skipped the UPDATE (ChaosIT seed 3: the row a
 * key change created missing from both targets after a worker was killed). Driven directly (no
 * Connect worker), so "Connect committed the delete's offset" is exact.
 */
class KeyChangeRestartIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final String TOPIC = "rekey.public.rekeyed";

    @Test
    void aTaskRestartedFromTheDeleteHalfOfAKeyChangeWritesItsCreateHalf() throws Exception {
        PG.execute("CREATE TABLE public.rekeyed (id int PRIMARY KEY, v text)", "INSERT INTO public.rekeyed VALUES (1, 'a')");
        Map<String, String> config = ConnectorConfigs.ferrySource(PG, "rekey", "public.rekeyed");
        Map<String, ?> committed;
        PostgresSourceTask first = new PostgresSourceTask();
        first.initialize(new StoredOffsetsContext());
        first.start(config);
        try {
            pollUntil(first, records -> rows(records).contains("r 1"));
            PG.execute("INSERT INTO public.rekeyed VALUES (2, 'b')");
            pollUntil(first, records -> rows(records).contains("c 2"));
            PG.execute("UPDATE public.rekeyed SET id = 1001 WHERE id = 1");
            List<SourceRecord> keyChange = pollUntil(first, records -> records.stream().anyMatch(
                    r -> r.headers().lastWithName(DebeziumDefaults.NEW_KEY_HEADER) != null));
            SourceRecord departure = keyChange.stream()
                    .filter(r -> r.headers().lastWithName(DebeziumDefaults.NEW_KEY_HEADER) != null).findFirst().get();
            committed = departure.sourceOffset();
        } finally {
            first.stop();
        }

        Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();
        stored.put(Map.of("server", "rekey"), new HashMap<>(committed));
        PostgresSourceTask restarted = new PostgresSourceTask();
        restarted.initialize(new StoredOffsetsContext(stored));
        restarted.start(config);
        try {
            List<SourceRecord> after = pollUntil(restarted, records -> rows(records).contains("c 1001"));
            assertThat(rows(after)).as("the key change's create, read again after the restart").contains("c 1001");
        } finally {
            restarted.stop();
        }
    }

    /** Polls (acknowledging as Connect does) until the records of this poll and earlier ones match; fails after 60 s. */
    private static List<SourceRecord> pollUntil(PostgresSourceTask task, Predicate<List<SourceRecord>> done)
            throws InterruptedException {
        List<SourceRecord> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<SourceRecord> polled = task.poll();
            if (polled != null) {
                seen.addAll(polled);
                for (SourceRecord record : polled) {
                    task.commitRecord(record, null);
                }
            }
            if (done.test(seen)) {
                return seen;
            }
        }
        throw new AssertionError("not seen within 60 s; records of " + TOPIC + ": " + rows(seen));
    }

    /** "op id" of each change event of the table, in order. */
    private static List<String> rows(List<SourceRecord> records) {
        List<String> rows = new ArrayList<>();
        for (SourceRecord record : records) {
            if (record.topic().equals(TOPIC) && record.value() instanceof Struct value
                    && value.schema().field("op") != null) {
                Struct row = "d".equals(value.getString("op")) ? value.getStruct("before") : value.getStruct("after");
                if (row != null) { // not the truncate ahead of the snapshot
                    rows.add(value.getString("op") + " " + row.getInt32("id"));
                }
            }
        }
        return rows;
    }
}
