package dev.ferry.sink.dialect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns Connect values, with Debezium's and Connect's logical types, into the Java values JDBC
 * binds: {@link LocalDate}, {@link LocalDateTime}, {@link OffsetDateTime}, {@link LocalTime},
 * {@link OffsetTime}, {@link BigDecimal}, {@code byte[]}, lists for arrays and ordered maps for
 * structs and maps; PostgreSQL's infinite dates and timestamps as {@link InfiniteTemporal}.
 */
public final class JdbcValues {

    private static final String BITS = "io.debezium.data.Bits";

    private JdbcValues() {
    }

    /**
     * Debezium's {@code bit(n)}/{@code varbit} bytes as a {@link BitString}: {@code bit(n)} is
     * padded to its declared length, told apart from {@code varbit} by the propagated source type.
     */
    private static BitString bits(Object value, Schema schema) {
        byte[] bytes = value instanceof ByteBuffer buffer ? toBytes(buffer) : (byte[]) value;
        Map<String, String> parameters = schema.parameters() == null ? Map.of() : schema.parameters();
        boolean varying = SourceColumnType.of(schema).map(t -> t.name().equals("varbit")).orElse(false);
        int length = 0;
        try {
            length = varying ? 0 : Integer.parseInt(parameters.getOrDefault("length", "0"));
        } catch (NumberFormatException e) {
            length = 0;
        }
        return BitString.of(bytes, length == Integer.MAX_VALUE ? 0 : length);
    }

    public static Object normalize(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        String name = schema == null ? null : schema.name();
        if (BITS.equals(name)) {
            return bits(value, schema);
        }
        if (name != null) {
            Object converted = logical(name, value);
            if (converted != null) {
                return converted;
            }
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof List<?> list) {
            List<Object> elements = new ArrayList<>(list.size());
            Schema elementSchema = schema == null ? null : schema.valueSchema();
            for (Object element : list) {
                elements.add(normalize(element, elementSchema));
            }
            return elements;
        }
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) {
                fields.put(field.name(), normalize(struct.get(field), field.schema()));
            }
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            map.forEach((k, v) -> entries.put(String.valueOf(k), normalize(v, valueSchema)));
            return entries;
        }
        return value;
    }

    private static Object logical(String name, Object value) {
        InfiniteTemporal infinite = InfiniteTemporal.of(name, value);
        if (infinite != null) {
            return infinite;
        }
        switch (name) {
            case "io.debezium.time.Date":
                return LocalDate.ofEpochDay(((Number) value).longValue());
            case "org.apache.kafka.connect.data.Date":
                return ((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
            case "io.debezium.time.Timestamp":
                return LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC);
            case "io.debezium.time.MicroTimestamp":
                return fromEpoch(((Number) value).longValue(), TimeUnit.MICROSECONDS);
            case "io.debezium.time.NanoTimestamp":
                return fromEpoch(((Number) value).longValue(), TimeUnit.NANOSECONDS);
            case "org.apache.kafka.connect.data.Timestamp":
                return LocalDateTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
            case "io.debezium.time.ZonedTimestamp":
                return OffsetDateTime.parse((String) value);
            case "io.debezium.time.Time":
                return LocalTime.ofNanoOfDay(TimeUnit.MILLISECONDS.toNanos(((Number) value).longValue()));
            case "io.debezium.time.MicroTime":
                return LocalTime.ofNanoOfDay(TimeUnit.MICROSECONDS.toNanos(((Number) value).longValue()));
            case "io.debezium.time.NanoTime":
                return LocalTime.ofNanoOfDay(((Number) value).longValue());
            case "org.apache.kafka.connect.data.Time":
                return LocalTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
            case "io.debezium.time.ZonedTime":
                return OffsetTime.parse((String) value);
            case "io.debezium.data.VariableScaleDecimal":
                if (value instanceof Struct struct) {
                    byte[] unscaled = struct.get("value") instanceof ByteBuffer b ? toBytes(b) : (byte[]) struct.get("value");
                    return new BigDecimal(new BigInteger(unscaled), struct.getInt32("scale"));
                }
                return null;
            default:
                return null;
        }
    }

    private static LocalDateTime fromEpoch(long amount, TimeUnit unit) {
        long seconds = unit.toSeconds(amount);
        long nanos = unit.toNanos(amount - unit.convert(seconds, TimeUnit.SECONDS));
        if (nanos < 0) {
            seconds -= 1;
            nanos += 1_000_000_000L;
        }
        return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
