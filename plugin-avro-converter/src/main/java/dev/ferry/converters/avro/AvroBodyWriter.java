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

/**
 * Writes Connect values as Avro binary, as Apicurio's serializer does (its {@link AvroData} for the
 * conversion, a {@link GenericDatumWriter} for the bytes), with the Avro schema and the datum
 * writer made once per Connect schema instead of once per record.
 */
final class AvroBodyWriter {

    private final ConnectToAvro avroData;
    private final EncoderFactory encoders = EncoderFactory.get();

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
        private int lastSize = 256;

        private SchemaBody(Schema schema, org.apache.avro.Schema avroSchema) {
            this.schema = schema;
            this.avroSchema = avroSchema;
            this.writer = new GenericDatumWriter<>(avroSchema);
        }

        /** {@code prefix} followed by the Avro binary encoding of {@code value}. */
        byte[] write(Object value, byte[] prefix) {
            Object avro = avroData.convert(schema, avroSchema, value);
            if (avro instanceof NonRecordContainer<?> container) {
                avro = container.getValue();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
            out.writeBytes(prefix);
            BinaryEncoder encoder = encoders.binaryEncoder(out, null);
            try {
                writer.write(avro, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw it
            }
            lastSize = out.size() + 16;
            return out.toByteArray();
        }
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
