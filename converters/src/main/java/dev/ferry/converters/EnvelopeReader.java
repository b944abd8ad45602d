package dev.ferry.converters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * Reads {@code {"schema":{…},"payload":…}} records with the schema parsed once per distinct schema
 * text: the schema object is skipped token by token (no tree), its bytes find the Connect schema
 * Kafka's converter built from them the first time, and only the payload is read (straight into
 * Connect values for a record of the last schema, through a tree otherwise), by Ferry's readers,
 * which take strings of any length. Kafka's converter
 * instead builds and hashes the schema's tree for every record, most of a sink task's CPU in the
 * benchmarks' profiles. Anything else (a null or primitive schema, extra fields, whitespace) is
 * left to the caller's slow path.
 */
final class EnvelopeReader {

    private static final byte[] ENVELOPE_START = "{\"schema\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD_FIELD = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * Jackson refuses strings over 20 million characters by default, so a 20 MB text value would
     * fail the sink; the record's size is Kafka's to limit (max.request.size, max.message.bytes).
     */
    private static final StreamReadConstraints ANY_STRING_LENGTH = StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE).build();

    private final JsonFactory factory = JsonFactory.builder().streamReadConstraints(ANY_STRING_LENGTH).build();
    /** Kafka's JsonDeserializer settings: exact decimals, floating point read as BigDecimal. */
    private final ObjectMapper payloadMapper = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(ANY_STRING_LENGTH).build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private final SchemaReader schemaReader;
    private final JsonToConnect toConnect;
    private final StreamingJsonToConnect streaming;
    /** Access-ordered (a get reorders it), so every use holds its lock. */
    private final LinkedHashMap<ByteBuffer, KnownSchema> schemas;
    /** The schema of the last record read, with its exact bytes. */
    private volatile KnownSchema last;

    private record KnownSchema(byte[] bytes, Schema schema) {
    }

    /** The Connect schema Kafka's converter builds from a JSON schema: {@code record}'s bytes {@code from} to {@code to}. */
    interface SchemaReader {
        /** The schema, or null when Kafka's converter should read the whole record. */
        Schema read(byte[] record, int from, int to);
    }

    /** @param schemaReader Kafka's converter, reading a schema's bytes only (so each schema is the one Kafka builds) */
    EnvelopeReader(boolean replaceNullWithDefault, int capacity, SchemaReader schemaReader) {
        this.schemaReader = schemaReader;
        this.toConnect = new JsonToConnect(replaceNullWithDefault);
        this.streaming = new StreamingJsonToConnect(replaceNullWithDefault);
        int bound = Math.max(1, capacity);
        this.schemas = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, KnownSchema> eldest) {
                return size() > bound;
            }
        };
    }


    /** The record read; {@code slowPath} (Kafka's converter) when its layout is not the expected one. */
    SchemaAndValue read(byte[] record, Function<byte[], SchemaAndValue> slowPath) {
        SchemaAndValue same = readWithLastSchema(record);
        return same != null ? same : readAnySchema(record, slowPath);
    }

    /**
     * Consecutive records of a topic mostly share their schema: when the record starts with the
     * last schema's exact bytes, only its payload is parsed (a byte comparison, no tokenizing),
     * token by token into Connect values ({@link StreamingJsonToConnect}).
     */
    private SchemaAndValue readWithLastSchema(byte[] record) {
        KnownSchema known = last;
        if (known == null) {
            return null;
        }
        byte[] schemaBytes = known.bytes();
        Schema schema = known.schema();
        int payloadStart = ENVELOPE_START.length + schemaBytes.length + PAYLOAD_FIELD.length;
        if (record.length <= payloadStart || record[record.length - 1] != '}'
                || !regionEquals(record, 0, ENVELOPE_START)
                || !regionEquals(record, ENVELOPE_START.length, schemaBytes)
                || !regionEquals(record, ENVELOPE_START.length + schemaBytes.length, PAYLOAD_FIELD)) {
            return null;
        }
        int payloadLength = record.length - 1 - payloadStart;
        try (JsonParser parser = factory.createParser(record, payloadStart, payloadLength)) {
            if (parser.nextToken() == null) {
                return null;
            }
            Object value;
            try {
                value = streaming.read(schema, parser);
            } catch (StreamingJsonToConnect.NotStreamable | IOException | RuntimeException notPlain) {
                // Kafka's rules for odd values, and its errors, come from the tree.
                return readPayloadTree(schema, record, payloadStart, payloadLength);
            }
            if (parser.nextToken() != null) {
                return null;
            }
            return new SchemaAndValue(schema, value);
        } catch (IOException notThatLayout) {
            return null;
        }
    }

    private SchemaAndValue readPayloadTree(Schema schema, byte[] record, int payloadStart, int payloadLength) {
        try (JsonParser parser = factory.createParser(record, payloadStart, payloadLength)) {
            if (parser.nextToken() == null) {
                return null;
            }
            JsonNode payload = payloadMapper.readTree(parser);
            if (parser.nextToken() != null) {
                return null;
            }
            return new SchemaAndValue(schema, toConnect.convert(schema, payload));
        } catch (IOException notThatLayout) {
            return null;
        }
    }

    private static boolean regionEquals(byte[] bytes, int from, byte[] expected) {
        return from + expected.length <= bytes.length
                && Arrays.equals(bytes, from, from + expected.length, expected, 0, expected.length);
    }

    private SchemaAndValue readAnySchema(byte[] record, Function<byte[], SchemaAndValue> slowPath) {
        try (JsonParser parser = factory.createParser(record)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                    || !"schema".equals(parser.currentName()) || parser.nextToken() != JsonToken.START_OBJECT) {
                return slowPath.apply(record);
            }
            int schemaStart = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            int schemaEnd = (int) parser.currentLocation().getByteOffset();
            if (schemaStart < 0 || schemaEnd <= schemaStart || record[schemaStart] != '{' || record[schemaEnd - 1] != '}'
                    || parser.nextToken() != JsonToken.FIELD_NAME || !"payload".equals(parser.currentName())
                    || parser.nextToken() == null) {
                return slowPath.apply(record);
            }
            JsonNode payload = payloadMapper.readTree(parser);
            if (parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return slowPath.apply(record);
            }
            ByteBuffer key = ByteBuffer.wrap(record, schemaStart, schemaEnd - schemaStart).slice();
            KnownSchema known;
            synchronized (schemas) {
                known = schemas.get(key);
            }
            if (known == null) {
                // Kafka's converter builds the schema from its own bytes only: given the whole record it
                // would also read the payload, with Jackson's 20-million-character limit on strings.
                Schema schema = schemaReader.read(record, schemaStart, schemaEnd);
                if (schema == null) {
                    return slowPath.apply(record);
                }
                Object value;
                try {
                    value = toConnect.convert(schema, payload);
                } catch (RuntimeException notPlain) {
                    return slowPath.apply(record); // Kafka's error for it
                }
                byte[] copy = new byte[schemaEnd - schemaStart];
                System.arraycopy(record, schemaStart, copy, 0, copy.length);
                KnownSchema stored = new KnownSchema(copy, schema);
                synchronized (schemas) {
                    schemas.put(ByteBuffer.wrap(copy), stored);
                }
                last = stored;
                return new SchemaAndValue(schema, value);
            }
            // Cached bytes, no copy: records of two schemas in turn allocate nothing per record here.
            last = known;
            return new SchemaAndValue(known.schema(), toConnect.convert(known.schema(), payload));
        } catch (IOException | RuntimeException notJsonWeUnderstand) {
            // Kafka's converter reports malformed JSON, or a schema it cannot read, with its own message.
            return slowPath.apply(record);
        }
    }
}
