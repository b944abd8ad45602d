package dev.ferry.converters;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.contract.UncheckedStructs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * A JSON payload read token by token straight into Connect values, without the JSON tree
 * {@link JsonToConnect} reads from: building that tree was the largest single cost of a sink
 * task's thread (benchmarks/RESULTS.md, "The apply path, profiled"). It reads the values Kafka's
 * JsonConverter writes, each of the JSON type its schema says. Anything else (a number where the
 * schema says string, a map written as key-value pairs, an integer beyond 64 bits, a null for a
 * required field) is {@link NotStreamable}: the caller reads that record through
 * {@link JsonToConnect}, which applies Kafka's rules to such values, so both paths read every
 * record the same.
 */
final class StreamingJsonToConnect {

    /** The payload holds a value this reader leaves to {@link JsonToConnect}. */
    static final class NotStreamable extends Exception {
        private NotStreamable() {
            super(null, null, false, false);
        }
    }

    private static final NotStreamable NOT_STREAMABLE = new NotStreamable();

    private final boolean replaceNullWithDefault;

    StreamingJsonToConnect(boolean replaceNullWithDefault) {
        this.replaceNullWithDefault = replaceNullWithDefault;
    }

    /** The value whose first token the parser is on; the parser is left on its last token. */
    Object read(Schema schema, JsonParser parser) throws IOException, NotStreamable {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return nullValue(schema);
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                        return parser.getDecimalValue();
                    }
                    if (token == JsonToken.VALUE_STRING) {
                        return Decimal.toLogical(schema, parser.getBinaryValue());
                    }
                    throw NOT_STREAMABLE;
                case Date.LOGICAL_NAME:
                    return Date.toLogical(schema, intValue(parser));
                case Time.LOGICAL_NAME:
                    return Time.toLogical(schema, intValue(parser));
                case Timestamp.LOGICAL_NAME:
                    return Timestamp.toLogical(schema, longValue(parser));
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case BOOLEAN -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw NOT_STREAMABLE;
                }
                yield token == JsonToken.VALUE_TRUE;
            }
            case INT8 -> (byte) intValue(parser);
            case INT16 -> (short) intValue(parser);
            case INT32 -> intValue(parser);
            case INT64 -> longValue(parser);
            case FLOAT32 -> token == JsonToken.VALUE_NUMBER_FLOAT ? parser.getDecimalValue().floatValue()
                    : parser.getNumberType() == NumberType.INT ? (float) intValue(parser) : (float) longValue(parser);
            case FLOAT64 -> token == JsonToken.VALUE_NUMBER_FLOAT ? parser.getDecimalValue().doubleValue()
                    : parser.getNumberType() == NumberType.INT ? (double) intValue(parser) : (double) longValue(parser);
            case BYTES -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw NOT_STREAMABLE;
                }
                yield parser.getBinaryValue();
            }
            case STRING -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw NOT_STREAMABLE;
                }
                yield parser.getText();
            }
            case ARRAY -> array(schema, parser);
            case MAP -> map(schema, parser);
            case STRUCT -> struct(schema, parser);
        };
    }

    /** What a null or absent value reads as; a required one without a default is left to Kafka's rules. */
    private Object nullValue(Schema schema) throws NotStreamable {
        if (schema.defaultValue() != null && replaceNullWithDefault) {
            return schema.defaultValue();
        }
        if (schema.isOptional()) {
            return null;
        }
        throw NOT_STREAMABLE;
    }

    /** A JSON integer within 32 bits (a tree's IntNode). */
    private static int intValue(JsonParser parser) throws IOException, NotStreamable {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != NumberType.INT) {
            throw NOT_STREAMABLE;
        }
        return parser.getIntValue();
    }

    /** A JSON integer within 64 bits. */
    private static long longValue(JsonParser parser) throws IOException, NotStreamable {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == NumberType.BIG_INTEGER) {
            throw NOT_STREAMABLE;
        }
        return parser.getLongValue();
    }

    private List<Object> array(Schema schema, JsonParser parser) throws IOException, NotStreamable {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw NOT_STREAMABLE;
        }
        List<Object> result = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            result.add(read(schema.valueSchema(), parser));
        }
        return result;
    }

    /** Maps with string keys, as JSON objects; those written as arrays of pairs are left to Kafka's rules. */
    private Map<Object, Object> map(Schema schema, JsonParser parser) throws IOException, NotStreamable {
        if (schema.keySchema().type() != Schema.Type.STRING || parser.currentToken() != JsonToken.START_OBJECT) {
            throw NOT_STREAMABLE;
        }
        Map<Object, Object> result = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            result.put(key, read(schema.valueSchema(), parser));
        }
        return result;
    }

    /** A field named twice takes its last value and fields the schema lacks are skipped, as in a tree. */
    private Struct struct(Schema schema, JsonParser parser) throws IOException, NotStreamable {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw NOT_STREAMABLE;
        }
        List<Field> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        boolean[] present = new boolean[fields.size()];
        int next = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            // Kafka's converter writes the fields in the schema's order: compare with the next one
            // before looking the name up.
            String name = parser.currentName();
            Field field = next < fields.size() && fields.get(next).name().equals(name) ? fields.get(next)
                    : schema.field(name);
            next = field == null ? next : field.index() + 1;
            parser.nextToken();
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            values[field.index()] = read(field.schema(), parser);
            present[field.index()] = true;
        }
        for (Field field : fields) {
            if (!present[field.index()]) {
                values[field.index()] = nullValue(field.schema());
            }
        }
        return UncheckedStructs.of(schema, values);
    }
}
