package dev.ferry.converters.avro;

import dev.ferry.contract.ConnectSchemaCache;
import io.apicurio.registry.serde.AbstractKafkaSerDe;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroEncoding;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroSerdeHeaders;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.apicurio.registry.utils.converter.SerdeBasedConverter;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio's {@link AvroConverter}, byte for byte, with the work that does not change from record
 * to record done once per Connect schema.
 *
 * <p>Apicurio's serializer renders each record's Avro schema to a string to look up its registry
 * id, and builds a new datum writer, for every record (Apicurio/apicurio-registry#2483): measured
 * by the benchmarks' JFR profiles, that is most of a source task's CPU in Avro. This converter
 * lets Apicurio's converter write the first record of each Connect schema and topic (so schemas
 * are registered, and ids chosen, exactly as Apicurio does), keeps what that record starts with
 * (the magic byte and the schema id), and from then on writes only the Avro body
 * ({@link AvroBodyWriter}). The first record's body is checked against Apicurio's; a schema whose
 * record does not match keeps going through Apicurio's converter.
 *
 * <p>Reading works the same way round: Apicurio's converter reads the first record of each schema
 * id, and from then on the id's records are decoded straight into Connect values
 * ({@link SchemaIdReaders}, {@link DirectAvroDecoder}) instead of into Avro records that
 * {@code AvroData} then copies into Structs, validating every value again. The first record's
 * value is checked against Apicurio's.
 *
 * <p>The keys are Apicurio's converter keys. The cached paths need the settings of Ferry's examples
 * (the Confluent wire format): binary encoding, the id in the value rather than in headers
 * ({@code apicurio.registry.headers.enabled=false}), Apicurio's own datum provider, and for writing
 * automatic registration and Apicurio's own serializer, for reading its own deserializer and
 * generic records. With other settings every record goes through Apicurio's converter, as it
 * would without this class.
 */
public class SchemaCachingAvroConverter extends AvroConverter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCachingAvroConverter.class);

    private AvroBodyWriter bodies;
    private ConnectSchemaCache<TopicPrefixes> prefixes;
    private boolean cached;
    /** Null when every record is read through Apicurio's converter. */
    private SchemaIdReaders readers;
    private AvroSerdeHeaders encodingHeader;
    /** The writer's schema of the record Apicurio's converter last read on this thread. */
    private final ThreadLocal<org.apache.avro.Schema> lastWriterSchema = new ThreadLocal<>();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(configs, isKey);
        AvroDataConfig avroConfig = new AvroDataConfig(new HashMap<>(configs));
        bodies = new AvroBodyWriter(avroConfig);
        prefixes = new ConnectSchemaCache<>(avroConfig.getSchemasCacheSize());
        String uncachedBecause = uncachedBecause(configs);
        cached = uncachedBecause == null;
        if (!cached) {
            LOG.info("{} converter writes every record through Apicurio's AvroConverter: {}",
                    isKey ? "Key" : "Value", uncachedBecause);
        }
        String readsUncachedBecause = readsUncachedBecause(configs, deserializer);
        if (readsUncachedBecause == null) {
            int idSize = ((AbstractKafkaSerDe<?, ?>) deserializer).getIdHandler().idSize();
            readers = new SchemaIdReaders(idSize, avroConfig.getSchemasCacheSize());
            encodingHeader = new AvroSerdeHeaders(isKey);
        } else {
            readers = null;
            LOG.info("{} converter reads every record through Apicurio's AvroConverter: {}",
                    isKey ? "Key" : "Value", readsUncachedBecause);
        }
    }

    /** Why these settings need Apicurio's converter to write every record, or null when they do not. */
    static String uncachedBecause(Map<String, ?> configs) {
        String wireFormat = otherWireFormatBecause(configs);
        if (wireFormat != null) {
            return wireFormat;
        }
        if (!Boolean.parseBoolean(String.valueOf(configs.get(SerdeConfig.AUTO_REGISTER_ARTIFACT)))) {
            return SerdeConfig.AUTO_REGISTER_ARTIFACT + " is not true, so the id can follow the registry's latest schema";
        }
        if (configs.get(SerdeBasedConverter.REGISTRY_CONVERTER_SERIALIZER_PARAM) != null) {
            return SerdeBasedConverter.REGISTRY_CONVERTER_SERIALIZER_PARAM + " names a serializer of its own";
        }
        return null;
    }

    /** Why these settings need Apicurio's converter to read every record, or null when they do not. */
    static String readsUncachedBecause(Map<String, ?> configs, Deserializer<?> deserializer) {
        String wireFormat = otherWireFormatBecause(configs);
        if (wireFormat != null) {
            return wireFormat;
        }
        if (deserializer == null || deserializer.getClass() != AvroKafkaDeserializer.class) {
            return "the deserializer is not Apicurio's AvroKafkaDeserializer";
        }
        if (new AvroKafkaSerdeConfig(configs).useSpecificAvroReader()) {
            return AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER + " is true";
        }
        return null;
    }

    /** Why records in these settings differ from the Confluent wire format in Avro binary, or null. */
    private static String otherWireFormatBecause(Map<String, ?> configs) {
        AvroKafkaSerdeConfig config = new AvroKafkaSerdeConfig(configs);
        if (config.enableHeaders()) {
            return "the schema id goes into headers (apicurio.registry.headers.enabled is not false)";
        }
        if (config.getAvroEncoding() != AvroEncoding.BINARY) {
            return AvroKafkaSerdeConfig.AVRO_ENCODING + " is not BINARY";
        }
        if (config.getAvroDatumProvider() != DefaultAvroDatumProvider.class) {
            return AvroKafkaSerdeConfig.AVRO_DATUM_PROVIDER + " names a datum provider of its own";
        }
        return null;
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return fromConnectData(topic, null, schema, value);
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        if (!cached || schema == null || value == null) {
            return super.fromConnectData(topic, headers, schema, value);
        }
        TopicPrefixes kept = prefixes.get(schema);
        if (kept == null) {
            kept = new TopicPrefixes(bodies.forSchema(schema));
            prefixes.put(schema, kept);
        }
        byte[] prefix = kept.prefix(topic);
        if (prefix == null) {
            byte[] record = super.fromConnectData(topic, headers, schema, value);
            kept.learn(topic, record, kept.body.write(value, new byte[0]));
            return record;
        }
        if (prefix == TopicPrefixes.NOT_CACHEABLE) {
            return super.fromConnectData(topic, headers, schema, value);
        }
        return kept.body.write(value, prefix);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return read(value, null, () -> super.toConnectData(topic, value));
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        return read(value, headers, () -> super.toConnectData(topic, headers, value));
    }

    /** {@code value} read directly where its schema id allows, else by {@code apicurio}. */
    private SchemaAndValue read(byte[] value, Headers headers, Supplier<SchemaAndValue> apicurio) {
        if (readers == null || value == null || (headers != null && encodingHeader.getEncoding(headers) != null)) {
            return apicurio.get();
        }
        SchemaIdReaders.Reader reader = readers.readerFor(value);
        if (reader == null) {
            lastWriterSchema.remove();
            SchemaAndValue theirs = apicurio.get();
            readers.learn(value, theirs, lastWriterSchema.get());
            lastWriterSchema.remove();
            return theirs;
        }
        if (reader.direct()) {
            try {
                return readers.read(reader, value);
            } catch (IOException | RuntimeException undecodable) {
                // Apicurio's converter reads it, or fails with its own error.
            }
        }
        return apicurio.get();
    }

    /** Whether records of {@code record}'s schema id are now read without Apicurio's converter. */
    boolean readsDirectly(byte[] record) {
        SchemaIdReaders.Reader reader = readers == null ? null : readers.readerFor(record);
        return reader != null && reader.direct();
    }

    @Override
    protected SchemaAndValue toSchemaAndValue(Object deserialized) {
        if (readers != null && deserialized instanceof GenericContainer container) {
            lastWriterSchema.set(container.getSchema());
        }
        return super.toSchemaAndValue(deserialized);
    }
}
