package dev.ferry.converters;

import com.fasterxml.jackson.core.JsonFactory;
import dev.ferry.contract.ConnectSchemaCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.DecimalFormat;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka's {@link JsonConverter}, byte for byte, with each record schema serialized once.
 *
 * <p>With {@code schemas.enable=true} Kafka's converter writes every record as
 * {@code {"schema":…,"payload":…}} and serializes the schema again each time: for Debezium's
 * envelopes the schema is most of the bytes and, measured by the benchmarks' JFR profiles, most of
 * a source task's CPU. This converter asks Kafka's converter for the whole record the first time it
 * sees a schema, keeps the part before the payload, and from then on writes only the payload,
 * streamed by the rules of Kafka's converter ({@link StreamingConnectToJson}; a value it leaves to
 * Kafka's converter is written by Kafka's converter). The layout, and the streamed payload, are
 * checked against Kafka's converter on that first record; a schema whose record does not match
 * keeps going through Kafka's converter. Reading parses each distinct schema once too
 * ({@link EnvelopeReader}) and the payload by the rules of Kafka's converter ({@link JsonToConnect}).
 *
 * <p>Consumers read its records with Kafka's own JsonConverter; the keys are JsonConverter's.
 */
public class SchemaCachingJsonConverter implements Converter, Versioned {

    private static final byte[] ENVELOPE_START = "{\"schema\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD_FIELD = ",\"payload\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Marks a schema whose record did not have the expected layout. */
    private static final byte[] NOT_CACHEABLE = new byte[0];

    private final JsonConverter whole = new JsonConverter();
    private final JsonConverter payloadOnly = new JsonConverter();
    private final JsonFactory jsonFactory = new JsonFactory();
    /** The writer no thread is using; a task's converter is used by its one thread, so this is nearly always it. */
    private final AtomicReference<EnvelopeWriter> idleWriter = new AtomicReference<>();
    private boolean replaceNullWithDefault;
    private DecimalFormat decimalFormat;
    private boolean schemasEnabled;
    private ConnectSchemaCache<byte[]> prefixes;
    private EnvelopeReader reader;

    @Override
    public String version() {
        return whole.version();
    }

    @Override
    public ConfigDef config() {
        return JsonConverterConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        whole.configure(configs, isKey);
        Map<String, Object> payload = new HashMap<>(configs);
        payload.put(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false");
        payloadOnly.configure(payload, isKey);
        Map<String, Object> withType = new HashMap<>(configs);
        withType.put("converter.type", isKey ? "key" : "value");
        JsonConverterConfig config = new JsonConverterConfig(withType);
        schemasEnabled = config.schemasEnabled();
        prefixes = new ConnectSchemaCache<>(config.schemaCacheSize());
        replaceNullWithDefault = config.replaceNullWithDefault();
        decimalFormat = config.decimalFormat();
        reader = new EnvelopeReader(config.replaceNullWithDefault(), config.schemaCacheSize(), this::kafkaSchema);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (!schemasEnabled || schema == null || value == null) {
            return whole.fromConnectData(topic, schema, value);
        }
        byte[] prefix = prefixes.get(schema);
        if (prefix == null) {
            byte[] record = whole.fromConnectData(topic, schema, value);
            prefix = envelopePrefix(record, payloadOnly.fromConnectData(topic, schema, value));
            if (prefix != null && !Arrays.equals(streamed(prefix, schema, value), record)) {
                prefix = null;
            }
            prefixes.put(schema, prefix == null ? NOT_CACHEABLE : prefix);
            return record;
        }
        if (prefix == NOT_CACHEABLE) {
            return whole.fromConnectData(topic, schema, value);
        }
        byte[] record = streamed(prefix, schema, value);
        if (record != null) {
            return record;
        }
        byte[] payload = payloadOnly.fromConnectData(topic, schema, value);
        record = new byte[prefix.length + payload.length + 1];
        System.arraycopy(prefix, 0, record, 0, prefix.length);
        System.arraycopy(payload, 0, record, prefix.length, payload.length);
        record[record.length - 1] = '}';
        return record;
    }

    /** The record with its payload streamed, or null when Kafka's converter is to write it. */
    private byte[] streamed(byte[] prefix, Schema schema, Object value) {
        EnvelopeWriter envelopes = idleWriter.getAndSet(null);
        try {
            if (envelopes == null) {
                StreamingConnectToJson payload = new StreamingConnectToJson(replaceNullWithDefault, decimalFormat);
                envelopes = new EnvelopeWriter(jsonFactory, payload);
            }
            byte[] record = envelopes.write(prefix, schema, value);
            idleWriter.set(envelopes);
            return record;
        } catch (StreamingConnectToJson.NotWritable | IOException | RuntimeException e) {
            // Kafka's converter writes it, or fails with its own error; the writer, possibly
            // stopped in the middle of a value, is dropped.
            return null;
        }
    }

    /**
     * {@code {"schema":S,"payload":} when {@code record} is exactly that followed by {@code payload}
     * and a closing brace; null otherwise.
     */
    static byte[] envelopePrefix(byte[] record, byte[] payload) {
        int prefixLength = record.length - payload.length - 1;
        if (prefixLength < ENVELOPE_START.length + PAYLOAD_FIELD.length || record[record.length - 1] != '}'
                || !regionEquals(record, 0, ENVELOPE_START)
                || !regionEquals(record, prefixLength - PAYLOAD_FIELD.length, PAYLOAD_FIELD)
                || !regionEquals(record, prefixLength, payload)) {
            return null;
        }
        return java.util.Arrays.copyOf(record, prefixLength);
    }

    private static boolean regionEquals(byte[] bytes, int from, byte[] expected) {
        return java.util.Arrays.equals(bytes, from, from + expected.length, expected, 0, expected.length);
    }

    /**
     * The schema Kafka's converter builds from the JSON schema {@code record[from, to)}, without
     * reading the record's payload. The schema goes in as the one field of an optional struct whose
     * payload is null, so Kafka builds it as it would at the top and reads no value.
     * {@code JsonConverter.asConnectSchema} would do it directly, but takes a Jackson node of the
     * worker's class loader, which a plugin with its own Jackson cannot pass.
     */
    private Schema kafkaSchema(byte[] record, int from, int to) {
        if (to - from < 3 || record[from] != '{') {
            return null;
        }
        byte[] head = "{\"schema\":{\"type\":\"struct\",\"optional\":true,\"fields\":[{\"field\":\"s\","
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "]},\"payload\":null}".getBytes(StandardCharsets.US_ASCII);
        byte[] wrapped = new byte[head.length + (to - from - 1) + tail.length];
        System.arraycopy(head, 0, wrapped, 0, head.length);
        System.arraycopy(record, from + 1, wrapped, head.length, to - from - 1);
        System.arraycopy(tail, 0, wrapped, wrapped.length - tail.length, tail.length);
        try {
            Schema outer = whole.toConnectData("", wrapped).schema();
            return outer == null || outer.field("s") == null ? null : outer.field("s").schema();
        } catch (RuntimeException notASchemaKafkaReads) {
            return null;
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (!schemasEnabled || value == null) {
            return whole.toConnectData(topic, value);
        }
        return reader.read(value, record -> whole.toConnectData(topic, record));
    }

    @Override
    public void close() {
        whole.close();
        payloadOnly.close();
    }
}
