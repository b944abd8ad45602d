package dev.ferry.converters.avro;

import io.apicurio.registry.serde.avro.NonRecordContainer;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Connect values as Avro binary, the bytes Apicurio's serializer writes (its
 * {@link AvroData} for the conversion, a {@link GenericDatumWriter} for the bytes). Per Connect
 * schema it makes the Avro schema once and, where it can, a {@link DirectAvroEncoder} that writes
 * values without building Avro objects; other schemas, and values that encoder refuses, go through
 * {@link AvroData} and a datum writer made once per schema.
 */
final class AvroBodyWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AvroBodyWriter.class);

    private final ConnectToAvro avroData;
    private final EncoderFactory encoders = EncoderFactory.get();
    /** Each thread's output buffer and encoder, reused from record to record. */
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    AvroBodyWriter(AvroDataConfig config) {
        this.avroData = new ConnectToAvro(config);
    }

    /** A writer for the values of one Connect schema. */
    SchemaBody forSchema(Schema schema) {
        return new SchemaBody(schema, avroData.fromConnectSchema(schema));
    }

    /** The values of one Connect schema, each written after a given prefix. */
    final class SchemaBody {
        private final Schema schema;
        private final org.apache.avro.Schema avroSchema;
        private final GenericDatumWriter<Object> writer;
        /** Null when the schema has something only {@link AvroData} writes. */
        private final DirectAvroEncoder.ValueEncoder direct;

        private SchemaBody(Schema schema, org.apache.avro.Schema avroSchema) {
            this.schema = schema;
            this.avroSchema = avroSchema;
            this.writer = new GenericDatumWriter<>(avroSchema);
            DirectAvroEncoder.ValueEncoder compiled = null;
            try {
                compiled = DirectAvroEncoder.compile(schema, avroSchema);
            } catch (SchemaPair.Unsupported e) {
                LOG.debug("Values of {} are converted through Apicurio's AvroData: {}", avroSchema.getFullName(),
                        e.getMessage());
            }
            this.direct = compiled;
        }

        /** {@code prefix} followed by the Avro binary encoding of {@code value}. */
        byte[] write(Object value, byte[] prefix) {
            Scratch buffer = scratch.get();
            if (direct != null) {
                try {
                    return buffer.write(prefix, out -> direct.encode(value, out));
                } catch (RuntimeException refused) {
                    // AvroData writes the value, or fails with the error Apicurio's converter gives.
                }
            }
            Object avro = avroData.convert(schema, avroSchema, value);
            Object datum = avro instanceof NonRecordContainer<?> container ? container.getValue() : avro;
            return buffer.write(prefix, out -> writer.write(datum, out));
        }
    }

    /** An output buffer and a binary encoder over it, for one record at a time. */
    private final class Scratch {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        private BinaryEncoder encoder;

        byte[] write(byte[] prefix, Body body) {
            // Reusing the encoder first flushes what a refused value left in its buffer; then reset.
            encoder = encoders.binaryEncoder(bytes, encoder);
            bytes.reset();
            bytes.writeBytes(prefix);
            try {
                body.write(encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw it
            }
            return bytes.toByteArray();
        }
    }

    private interface Body {
        void write(BinaryEncoder out) throws IOException;
    }

    /** Apicurio's conversion, called with the Avro schema it would otherwise look up per record. */
    private static final class ConnectToAvro extends AvroData {
        ConnectToAvro(AvroDataConfig config) {
            super(config);
        }

        Object convert(Schema schema, org.apache.avro.Schema avroSchema, Object value) {
            return fromConnectData(schema, avroSchema, value);
        }
    }
}
