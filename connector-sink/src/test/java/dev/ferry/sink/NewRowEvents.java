package dev.ferry.sink;

import dev.ferry.sink.apply.BatchApplier;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.config.SinkConfig.InsertMode;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.ChangeEvent.Kind;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.table.TableManager;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What the bulk-load tests share: rows, the change events the parser would make of them (their
 * records Debezium envelopes of an op, offsets counting up), and one flush of a {@link
 * BatchApplier} in a transaction of a dialect's apply session.
 */
final class NewRowEvents {

    /** The two-column rows most cases use: {@code id bigint} and {@code t} text. */
    static final Schema ID_AND_TEXT = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
            .field("t", Schema.OPTIONAL_STRING_SCHEMA).build();

    /** A column name with a non-ASCII letter, a comma and a space, for the odd-name cases. */
    static final String ODD_COLUMN = "välue, with space";
    /** {@code id bigint} and {@link #ODD_COLUMN} text. */
    static final Schema ID_AND_ODD_COLUMN = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
            .field(ODD_COLUMN, Schema.OPTIONAL_STRING_SCHEMA).build();

    private final Dialect dialect;
    private final String url;
    private final String user;
    private final String password;
    private long offset;

    NewRowEvents(Dialect dialect, String url, String user, String password) {
        this.dialect = dialect;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** An applier in UPSERT mode that bulk-loads from {@code bulkLoadMinRows} new rows (0: never). */
    BatchApplier applier(int bulkLoadMinRows) {
        return new BatchApplier(dialect, new TableManager(dialect, false, false), InsertMode.UPSERT, null,
                bulkLoadMinRows);
    }

    /** Applies {@code buffer} as one flush, committed, or rolled back if it fails. */
    void apply(BatchApplier applier, TableBuffer buffer) throws Exception {
        try (Connection connection = dialect.connect(url, user, password)) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : dialect.sessionSetup(false, 0)) {
                    statement.execute(sql);
                }
            }
            connection.setAutoCommit(false);
            try {
                applier.apply(connection, List.of(buffer));
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    TableBuffer buffer(TableId table, List<Map<String, Object>> rows, Schema rowSchema, String op) {
        TableBuffer buffer = new TableBuffer(table, false);
        events(table, rows, rowSchema, op).forEach(buffer::add);
        return buffer;
    }

    /** Change events of {@code op} ("c", "r", "u") whose key is the row's {@code id}. */
    List<ChangeEvent> events(TableId table, List<Map<String, Object>> rows, Schema rowSchema, String op) {
        Schema envelope = SchemaBuilder.struct().field("before", optional(rowSchema)).field("after", optional(rowSchema))
                .field("op", Schema.STRING_SCHEMA).build();
        List<ChangeEvent> events = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            SinkRecord record = new SinkRecord("p." + table, 0, null, null, envelope, new Struct(envelope).put("op", op),
                    offset++);
            events.add(new ChangeEvent(record, table, Kind.UPSERT, "r".equals(op), List.of("id"), List.of(row.get("id")),
                    null, row, rowSchema, Set.of(), -1, -1));
        }
        return events;
    }

    /** {@code count} rows with ids from 0, each column cycling through its values. */
    static List<Map<String, Object>> cycling(Map<String, List<Object>> values, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", (long) i);
            for (Map.Entry<String, List<Object>> column : values.entrySet()) {
                row.put(column.getKey(), column.getValue().get(i % column.getValue().size()));
            }
            rows.add(row);
        }
        return rows;
    }

    /** {@link #ID_AND_TEXT} rows with ids from {@code from} to {@code to} (exclusive), all holding {@code text}. */
    static List<Map<String, Object>> rows(long from, long to, String text) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id = from; id < to; id++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("t", text);
            rows.add(row);
        }
        return rows;
    }

    /** {@link #ID_AND_ODD_COLUMN} rows with ids from 0 to {@code count} (exclusive), holding "row &lt;id&gt;". */
    static List<Map<String, Object>> oddColumnRows(int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id = 0; id < count; id++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put(ODD_COLUMN, "row " + id);
            rows.add(row);
        }
        return rows;
    }

    /** A Debezium MicroTimestamp. */
    static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1000;
    }

    private static Schema optional(Schema struct) {
        SchemaBuilder builder = SchemaBuilder.struct().optional();
        struct.fields().forEach(f -> builder.field(f.name(), f.schema()));
        return builder.build();
    }
}
