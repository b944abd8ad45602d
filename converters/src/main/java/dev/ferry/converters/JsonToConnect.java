package dev.ferry.converters;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * A JSON payload turned into Connect values by a known schema, with the rules of Kafka's
 * JsonConverter (nulls, defaults, maps with non-string keys as pairs, the logical types), so that
 * {@link SchemaCachingJsonConverter} reads exactly what Kafka's converter would. Kafka keeps this
 * code private; its tests hold the two side by side.
 */
final class JsonToConnect {

    private final boolean replaceNullWithDefault;

    JsonToConnect(boolean replaceNullWithDefault) {
        this.replaceNullWithDefault = replaceNullWithDefault;
    }

    Object convert(Schema schema, JsonNode value) {
        if (value == null || value.isNull()) {
            if (schema.defaultValue() != null && replaceNullWithDefault) {
                return schema.defaultValue();
            }
            if (schema.isOptional()) {
                return null;
            }
            throw new DataException("Invalid null value for required " + schema.type() + " field");
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return decimal(schema, value);
                case Date.LOGICAL_NAME:
                    if (!value.isInt()) {
                        throw new DataException("Invalid type for Date, underlying representation should be integer but was "
                                + value.getNodeType());
                    }
                    return Date.toLogical(schema, value.intValue());
                case Time.LOGICAL_NAME:
                    if (!value.isInt()) {
                        throw new DataException("Invalid type for Time, underlying representation should be integer but was "
                                + value.getNodeType());
                    }
                    return Time.toLogical(schema, value.intValue());
                case Timestamp.LOGICAL_NAME:
                    if (!value.isIntegralNumber()) {
                        throw new DataException("Invalid type for Timestamp, underlying representation should be integral but was "
                                + value.getNodeType());
                    }
                    return Timestamp.toLogical(schema, value.longValue());
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case BOOLEAN -> value.booleanValue();
            case INT8 -> (byte) value.intValue();
            case INT16 -> (short) value.intValue();
            case INT32 -> value.intValue();
            case INT64 -> value.longValue();
            case FLOAT32 -> value.floatValue();
            case FLOAT64 -> value.doubleValue();
            case BYTES -> bytes(value);
            case STRING -> value.textValue();
            case ARRAY -> array(schema, value);
            case MAP -> map(schema, value);
            case STRUCT -> struct(schema, value);
        };
    }

    private static Object decimal(Schema schema, JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBinary() || value.isTextual()) {
            try {
                return Decimal.toLogical(schema, value.binaryValue());
            } catch (Exception e) {
                throw new DataException("Invalid bytes for Decimal field", e);
            }
        }
        throw new DataException("Invalid type for Decimal, underlying representation should be numeric or bytes but was "
                + value.getNodeType());
    }

    private static byte[] bytes(JsonNode value) {
        try {
            return value.binaryValue();
        } catch (IOException e) {
            throw new DataException("Invalid bytes field", e);
        }
    }

    private List<Object> array(Schema schema, JsonNode value) {
        List<Object> result = new ArrayList<>();
        for (JsonNode element : value) {
            result.add(convert(schema.valueSchema(), element));
        }
        return result;
    }

    private Map<Object, Object> map(Schema schema, JsonNode value) {
        Map<Object, Object> result = new HashMap<>();
        if (schema.keySchema().type() == Schema.Type.STRING) {
            if (!value.isObject()) {
                throw new DataException("Maps with string fields should be encoded as JSON objects, but found "
                        + value.getNodeType());
            }
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                result.put(entry.getKey(), convert(schema.valueSchema(), entry.getValue()));
            }
            return result;
        }
        if (!value.isArray()) {
            throw new DataException("Maps with non-string fields should be encoded as JSON array of tuples, but found "
                    + value.getNodeType());
        }
        for (JsonNode entry : value) {
            if (!entry.isArray()) {
                throw new DataException("Found invalid map entry instead of array tuple: " + entry.getNodeType());
            }
            if (entry.size() != 2) {
                throw new DataException("Found invalid map entry, expected length 2 but found :" + entry.size());
            }
            result.put(convert(schema.keySchema(), entry.get(0)), convert(schema.valueSchema(), entry.get(1)));
        }
        return result;
    }

    private Struct struct(Schema schema, JsonNode value) {
        if (!value.isObject()) {
            throw new DataException("Structs should be encoded as JSON objects, but found " + value.getNodeType());
        }
        Struct result = new Struct(schema);
        for (Field field : schema.fields()) {
            result.put(field, convert(field.schema(), value.get(field.name())));
        }
        return result;
    }
}
