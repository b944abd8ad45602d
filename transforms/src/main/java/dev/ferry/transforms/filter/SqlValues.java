package dev.ferry.transforms.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Turns Connect values into values SQL comparisons work on: every number a {@link BigDecimal},
 * dates {@link LocalDate}, timestamps without zone {@link LocalDateTime}, with zone {@link Instant},
 * times {@link LocalTime}. Debezium's time encodings (days, millis, micros, nanos, ISO strings)
 * and Connect's logical types are both understood.
 */
final class SqlValues {

    private SqlValues() {
    }

    static Object fromConnect(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case "org.apache.kafka.connect.data.Date":
                    return LocalDate.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC);
                case "org.apache.kafka.connect.data.Timestamp":
                    return LocalDateTime.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC);
                case "org.apache.kafka.connect.data.Time":
                    return LocalTime.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC);
                case "io.debezium.time.Date":
                    return LocalDate.ofEpochDay(((Number) value).longValue());
                case "io.debezium.time.Timestamp":
                    return epochMicros(((Number) value).longValue() * 1000);
                case "io.debezium.time.MicroTimestamp":
                    return epochMicros(((Number) value).longValue());
                case "io.debezium.time.NanoTimestamp":
                    long nanos = ((Number) value).longValue();
                    return LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                            (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC);
                case "io.debezium.time.ZonedTimestamp":
                    return OffsetDateTime.parse((String) value).toInstant();
                case "io.debezium.time.Time":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L);
                case "io.debezium.time.MicroTime":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L);
                case "io.debezium.time.NanoTime":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue());
                case "io.debezium.data.VariableScaleDecimal":
                    Struct decimal = (Struct) value;
                    return new BigDecimal(new BigInteger(bytes(decimal.get("value"))), decimal.getInt32("scale"));
                default:
                    break;
            }
        }
        if (value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Float || value instanceof Double) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number number) {
            return BigDecimal.valueOf(number.longValue());
        }
        return value;
    }

    private static LocalDateTime epochMicros(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return (byte[]) value;
    }

    /**
     * Compares two non-null values; a string meets a typed value by being read as that type, as
     * an SQL literal is. Throws when the two cannot be compared (a text column against a number
     * that is not one, a structure).
     */
    static int compare(Object left, Object right) {
        if (left instanceof String && !(right instanceof String)) {
            return -compare(right, left);
        }
        try {
            if (left instanceof BigDecimal l) {
                return l.compareTo(right instanceof BigDecimal r ? r : new BigDecimal(text(right).trim()));
            }
            if (left instanceof String l) {
                return l.compareTo((String) right);
            }
            if (left instanceof Boolean l) {
                return Boolean.compare(l, right instanceof Boolean r ? r : parseBoolean(text(right)));
            }
            if (left instanceof LocalDate l) {
                if (right instanceof LocalDateTime r) {
                    return l.atStartOfDay().compareTo(r);
                }
                if (right instanceof Instant r) {
                    return l.atStartOfDay().toInstant(ZoneOffset.UTC).compareTo(r);
                }
                return l.compareTo(right instanceof LocalDate r ? r : LocalDate.parse(text(right).trim()));
            }
            if (left instanceof LocalDateTime l) {
                if (right instanceof LocalDate r) {
                    return l.compareTo(r.atStartOfDay());
                }
                if (right instanceof Instant r) {
                    return l.toInstant(ZoneOffset.UTC).compareTo(r);
                }
                return l.compareTo(right instanceof LocalDateTime r ? r : parseDateTime(text(right)));
            }
            if (left instanceof Instant l) {
                if (right instanceof Instant r) {
                    return l.compareTo(r);
                }
                if (right instanceof LocalDateTime r) {
                    return l.compareTo(r.toInstant(ZoneOffset.UTC));
                }
                if (right instanceof LocalDate r) {
                    return l.compareTo(r.atStartOfDay().toInstant(ZoneOffset.UTC));
                }
                return l.compareTo(parseInstant(text(right)));
            }
            if (left instanceof LocalTime l) {
                return l.compareTo(right instanceof LocalTime r ? r : LocalTime.parse(text(right).trim()));
            }
        } catch (NumberFormatException | DateTimeParseException | ClassCastException e) {
            throw incomparable(left, right);
        }
        throw incomparable(left, right);
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new ClassCastException();
    }

    private static boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase()) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> throw new NumberFormatException(text);
        };
    }

    static LocalDateTime parseDateTime(String text) {
        String iso = text.trim().replace(' ', 'T');
        return iso.length() == 10 ? LocalDate.parse(iso).atStartOfDay() : LocalDateTime.parse(iso);
    }

    /** A timestamp with zone; one written without an offset is read as UTC. */
    static Instant parseInstant(String text) {
        String iso = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return parseDateTime(iso).toInstant(ZoneOffset.UTC);
        }
    }

    private static DataException incomparable(Object left, Object right) {
        return new DataException("cannot compare " + describe(left) + " with " + describe(right));
    }

    private static String describe(Object value) {
        String type;
        if (value instanceof BigDecimal) {
            type = "number";
        } else if (value instanceof String) {
            type = "text";
        } else if (value instanceof Boolean) {
            type = "boolean";
        } else if (value instanceof LocalDate) {
            type = "date";
        } else if (value instanceof LocalDateTime) {
            type = "timestamp";
        } else if (value instanceof Instant) {
            type = "timestamp with time zone";
        } else if (value instanceof LocalTime) {
            type = "time";
        } else {
            type = value.getClass().getSimpleName();
        }
        return type + " " + (value instanceof String ? "'" + value + "'" : value);
    }
}
