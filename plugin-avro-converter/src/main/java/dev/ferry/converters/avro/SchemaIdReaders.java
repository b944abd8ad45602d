package dev.ferry.converters.avro;

import dev.ferry.converters.avro.SchemaPair.Unsupported;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to read the records of each schema id, learnt from the first record of the id that
 * Apicurio's converter read: its Connect schema and a {@link DirectAvroDecoder} for its body, or
 * that the id's records keep going through Apicurio's converter. A registry id names one schema
 * for good, so what is learnt stays true.
 */
final class SchemaIdReaders {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaIdReaders.class);

    /** The reader of the records of one schema id. */
    static final class Reader {
        private final Schema schema;
        private final DirectAvroDecoder.ValueDecoder decoder;

        private Reader(Schema schema, DirectAvroDecoder.ValueDecoder decoder) {
            this.schema = schema;
            this.decoder = decoder;
        }

        /** Whether records of this id are read here rather than through Apicurio's converter. */
        boolean direct() {
            return decoder != null;
        }
    }

    private static final Reader THROUGH_APICURIO = new Reader(null, null);

    private final int idSize;
    private final int capacity;
    private final Map<Long, Reader> byId = new ConcurrentHashMap<>();
    /** Each thread's decoder, reused from record to record. */
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /**
     * @param idSize how many bytes follow the magic byte to name the schema (Apicurio's id handler: 4
     *     in the Confluent wire format, else 8)
     * @param capacity at most this many ids are kept (all are forgotten when one more comes)
     */
    SchemaIdReaders(int idSize, int capacity) {
        if (idSize < 1 || idSize > Long.BYTES) {
            throw new IllegalArgumentException("Schema ids of " + idSize + " bytes");
        }
        this.idSize = idSize;
        this.capacity = Math.max(1, capacity);
    }

    /**
     * The reader of {@code record}'s schema id; null for an id not seen yet (read the record through
     * Apicurio's converter, then {@link #learn}); a reader that is not {@link Reader#direct()} for a
     * record only Apicurio's converter reads (not in the wire format of a magic byte and an id).
     */
    Reader readerFor(byte[] record) {
        if (record.length <= idSize || record[0] != 0) {
            return THROUGH_APICURIO;
        }
        return byId.get(id(record));
    }

    /** The record's schema and value; throws when the body does not decode. */
    SchemaAndValue read(Reader reader, byte[] record) throws IOException {
        return new SchemaAndValue(reader.schema, decode(reader.decoder, record));
    }

    /**
     * Learns how to read the records of {@code record}'s id, from what Apicurio's converter read from
     * it ({@code theirs}) with the writer's Avro schema: directly if a decoder compiled for that pair
     * reads the same value from it, else through Apicurio's converter.
     */
    void learn(byte[] record, SchemaAndValue theirs, org.apache.avro.Schema writer) {
        if (record.length <= idSize || record[0] != 0) {
            return;
        }
        Reader reader = THROUGH_APICURIO;
        if (writer != null && theirs.schema() != null) {
            try {
                DirectAvroDecoder.ValueDecoder decoder = DirectAvroDecoder.compile(theirs.schema(), writer);
                if (Objects.equals(decode(decoder, record), theirs.value())) {
                    reader = new Reader(theirs.schema(), decoder);
                } else {
                    LOG.warn("Records of {} are read through Apicurio's AvroConverter: Ferry's decoder read "
                            + "another value than Apicurio's from the first record", writer.getFullName());
                }
            } catch (Unsupported e) {
                LOG.debug("Records of {} are read through Apicurio's AvroConverter: {}", writer.getFullName(),
                        e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Records of {} are read through Apicurio's AvroConverter: Ferry's decoder failed on "
                        + "the first record", writer.getFullName(), e);
            }
        }
        if (byId.size() >= capacity) {
            byId.clear();
        }
        byId.put(id(record), reader);
    }

    private Object decode(DirectAvroDecoder.ValueDecoder decoder, byte[] record) throws IOException {
        int start = 1 + idSize;
        BinaryDecoder reused = decoders.get();
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(record, start, record.length - start, reused);
        if (in != reused) {
            decoders.set(in);
        }
        return decoder.decode(in);
    }

    private long id(byte[] record) {
        long id = 0;
        for (int i = 1; i <= idSize; i++) {
            id = id << 8 | (record[i] & 0xff);
        }
        return id;
    }
}
