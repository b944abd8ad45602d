package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An exactly-once sink task started and given its partitions while the target is down (found by
 * ChaosIT seed 16: a worker killed during a target outage; the moved tasks failed in open()).
 * Start and assignment must not fail the task; the first batch reads the ledger, is retried while
 * the target is down, and sends a consumer that is ahead of the ledger back to it.
 */
class ExactlyOnceLedgerOutageIT {

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    private static final String TOPIC = "outage.public.items";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA)
            .field("v", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW)
            .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    @Test
    void aTargetDownAtStartAndAssignmentLeavesTheLedgerToTheFirstBatch() throws Exception {
        Map<String, String> config = new LinkedHashMap<>(SinkConfigs.ferrySink("outage", TOPIC, TARGET.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD));
        config.put("exactly.once", "true");
        config.put("connection.retry.window.ms", "600000");
        DatabaseSinkTask first = new DatabaseSinkTask();
        first.initialize(new RecordingSinkTaskContext(config));
        first.start(config);
        first.open(List.of(PARTITION));
        first.put(inserts(0, 5));
        first.stop();
        assertThat(TARGET.queryValue("SELECT count(*) FROM public.items")).isEqualTo("5");

        TARGET.pause();
        DatabaseSinkTask second = new DatabaseSinkTask();
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config);
        context.assignment.add(PARTITION);
        second.initialize(context);
        try {
            second.start(config);
            second.open(List.of(PARTITION));
            // The consumer resumed ahead of the ledger (offsets 5 and 6 never applied).
            List<SinkRecord> ahead = inserts(7, 10);
            assertThatThrownBy(() -> second.put(ahead)).as("retried while the target is down")
                    .isInstanceOf(RetriableException.class);

            TARGET.start();
            second.put(ahead);
            assertThat(context.requestedOffsets).containsEntry(PARTITION, 5L);
            assertThat(TARGET.queryValue("SELECT count(*) FROM public.items")).as("the early delivery is dropped")
                    .isEqualTo("5");

            second.put(inserts(5, 10));
            assertThat(TARGET.query("SELECT count(*), min(id), max(id) FROM public.items"))
                    .containsExactly(List.of("10", "0", "9"));
            assertThat(TARGET.queryValue("SELECT next_offset FROM ferry_sink_offsets WHERE connector = 'outage'"))
                    .isEqualTo("10");
        } finally {
            second.stop();
        }
    }

    /** Rows {@code from} to {@code to - 1}, each at the Kafka offset of its id. */
    private static List<SinkRecord> inserts(int from, int to) {
        List<SinkRecord> records = new ArrayList<>();
        for (int id = from; id < to; id++) {
            Struct value = new Struct(ENVELOPE).put("after", new Struct(ROW).put("id", id).put("v", "row " + id))
                    .put("source", new Struct(SOURCE).put("schema", "public").put("table", "items")).put("op", "c");
            records.add(new SinkRecord(TOPIC, 0, KEY, new Struct(KEY).put("id", id), ENVELOPE, value, id));
        }
        return records;
    }
}
