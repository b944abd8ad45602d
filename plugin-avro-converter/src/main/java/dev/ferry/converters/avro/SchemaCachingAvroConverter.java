package dev.ferry.converters.avro;

import dev.ferry.contract.ConnectSchemaCache;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroEncoding;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.apicurio.registry.utils.converter.SerdeBasedConverter;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
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
 * <p>Reading is Apicurio's. The keys are Apicurio's converter keys. The cached path needs the
 * settings of Ferry's examples (the Confluent wire format): binary encoding, the id in the value
 * rather than in headers ({@code apicurio.registry.headers.enabled=false}), automatic registration
 * and Apicurio's own serializer. With other settings every record goes through Apicurio's
 * converter, as it would without this class.
 */
public class SchemaCachingAvroConverter extends AvroConverter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCachingAvroConverter.class);

    private AvroBodyWriter bodies;
    private ConnectSchemaCache<TopicPrefixes> prefixes;
    private boolean cached;

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
    }

    /** Why these settings need Apicurio's converter for every record, or null when they do not. */
    static String uncachedBecause(Map<String, ?> configs) {
        AvroKafkaSerdeConfig config = new AvroKafkaSerdeConfig(configs);
        if (config.enableHeaders()) {
            return "the schema id goes into headers (apicurio.registry.headers.enabled is not false)";
        }
        if (config.getAvroEncoding() != AvroEncoding.BINARY) {
            return AvroKafkaSerdeConfig.AVRO_ENCODING + " is not BINARY";
        }
        if (!Boolean.parseBoolean(String.valueOf(configs.get(SerdeConfig.AUTO_REGISTER_ARTIFACT)))) {
            return SerdeConfig.AUTO_REGISTER_ARTIFACT + " is not true, so the id can follow the registry's latest schema";
        }
        if (configs.get(SerdeBasedConverter.REGISTRY_CONVERTER_SERIALIZER_PARAM) != null) {
            return SerdeBasedConverter.REGISTRY_CONVERTER_SERIALIZER_PARAM + " names a serializer of its own";
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
}
