package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sink.apply.BatchApplier;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.config.SinkConfig.InsertMode;
import dev.ferry.sink.dialect.analyticdb.AnalyticDbDialect;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.ChangeEvent.Kind;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.table.TableManager;
import dev.ferry.testsupport.PostgresExtension;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AnalyticDB's write statements (delete + insert upserts, UPDATE for rows with unchanged columns,
 * insert-if-absent for kept snapshot rows) are PostgreSQL-compatible: run them on PostgreSQL.
 */
class AnalyticDbStatementsIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
            .field("v", Schema.OPTIONAL_STRING_SCHEMA).field("big", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final TableId T = new TableId("public", "adb");
    private long offset;

    @Test
    void upsertsDeletesAndKeptSnapshotRowsApplyOnPostgres() throws Exception {
        PG.execute("CREATE TABLE public.adb (id bigint PRIMARY KEY, v text, big text)",
                "INSERT INTO public.adb VALUES (1, 'old', 'big1'), (2, 'gone', NULL), (3, 'kept', 'big3')");
        AnalyticDbDialect dialect = new AnalyticDbDialect();
        BatchApplier applier = new BatchApplier(dialect, new TableManager(dialect, false, false), InsertMode.UPSERT);

        TableBuffer buffer = new TableBuffer(T, true);
        buffer.add(upsert(1, "new", false, Set.of()));
        buffer.add(delete(2));
        buffer.add(upsert(3, "snapshot", true, Set.of()));
        buffer.add(upsert(4, "fresh", true, Set.of()));
        buffer.add(upsert(5, "five", false, Set.of()));
        try (Connection connection = PG.connect()) {
            connection.setAutoCommit(false);
            applier.apply(connection, List.of(buffer));
            connection.commit();
        }
        TableBuffer partial = new TableBuffer(T, false);
        partial.add(upsert(3, "toast kept", false, Set.of("big")));
        try (Connection connection = PG.connect()) {
            connection.setAutoCommit(false);
            applier.apply(connection, List.of(partial));
            connection.commit();
        }

        assertThat(PG.query("SELECT id, v, big FROM public.adb ORDER BY id")).containsExactly(
                List.of("1", "new", "big-new"),
                List.of("3", "toast kept", "big3"),
                java.util.Arrays.asList("4", "fresh", "big-fresh"),
                java.util.Arrays.asList("5", "five", "big-five"));
    }

    private ChangeEvent upsert(long id, String v, boolean snapshot, Set<String> unchanged) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("v", v);
        row.put("big", unchanged.contains("big") ? null : "big-" + v);
        return new ChangeEvent(record(), T, Kind.UPSERT, snapshot, List.of("id"), List.of(id), null, row, ROW,
                unchanged, -1, -1);
    }

    private ChangeEvent delete(long id) {
        return new ChangeEvent(record(), T, Kind.DELETE, false, List.of("id"), List.of(id), null, null, ROW, Set.of(),
                -1, -1);
    }

    private SinkRecord record() {
        return new SinkRecord("p.public.adb", 0, null, null, null, null, offset++);
    }
}
