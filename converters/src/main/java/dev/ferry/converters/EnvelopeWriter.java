package dev.ferry.converters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.apache.kafka.connect.data.Schema;

/**
 * Writes records, each its cached envelope start then its streamed payload, through one JSON
 * generator kept from record to record. Creating a generator per record and closing it (its
 * context, and taking its buffers from Jackson's thread-local recycler and giving them back) was a
 * tenth of a source task's thread (benchmarks/RESULTS.md, "Envelopes validated once, one JSON
 * generator per converter").
 *
 * <p>Not thread-safe, nor is its payload writer: {@link SchemaCachingJsonConverter} lends it to
 * one thread at a time. After a failed write the generator may be in the middle of a value; the
 * writer is then dropped.
 */
final class EnvelopeWriter {

    private final EnvelopeOutput output = new EnvelopeOutput();
    private final StreamingConnectToJson payload;
    private final JsonGenerator json;

    EnvelopeWriter(JsonFactory factory, StreamingConnectToJson payload) throws IOException {
        this.payload = payload;
        json = factory.createGenerator(output);
        // Each record is one root value; no separator between them, as each goes to a record of its own.
        json.setRootValueSeparator(null);
    }

    /** The record of {@code value}: {@code prefix}, its payload, a closing brace. */
    byte[] write(byte[] prefix, Schema schema, Object value) throws IOException, StreamingConnectToJson.NotWritable {
        output.start(prefix);
        payload.write(schema, value, json);
        json.flush();
        return output.record();
    }
}
