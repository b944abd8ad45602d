package dev.ferry.source.keychange;

import dev.ferry.contract.DebeziumDefaults;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/** Streamed records as Debezium writes them, with the WAL position as the offset, for unit tests. */
public final class KeyChangeRecords {

    private KeyChangeRecords() {
    }

    /** An ordinary change of row {@code id}. */
    public static SourceRecord change(long id, long lsn) {
        return new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "t", Schema.INT64_SCHEMA, id,
                Schema.STRING_SCHEMA, "row " + id);
    }

    /** The delete half of a primary-key change of row {@code id} to {@code id + 1000}. */
    public static SourceRecord departure(long id, long lsn) {
        SourceRecord record = change(id, lsn);
        record.headers().addString(DebeziumDefaults.NEW_KEY_HEADER, "{\"id\":" + (id + 1000) + "}");
        return record;
    }

    /** The tombstone after a delete of row {@code id}. */
    public static SourceRecord tombstone(long id, long lsn) {
        return new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "t", Schema.INT64_SCHEMA, id, null, null);
    }
}
