package dev.ferry.sink.dialect;

import java.util.Set;

/**
 * PostgreSQL's {@code infinity} and {@code -infinity} dates and timestamps. Debezium has no
 * logical type for them: it sends the strings {@code "infinity"}/{@code "-infinity"} for
 * {@code timestamptz} and sentinel numbers for {@code timestamp} and {@code date}; the date
 * sentinels even differ between the snapshot (pgjdbc's {@code java.sql.Date} overflowing) and the
 * stream. This class owns those numbers, so a dialect receives one value to bind: PostgreSQL
 * stores it exactly, MySQL, which has no infinity, rejects it as a data error.
 */
public enum InfiniteTemporal {
    POSITIVE("infinity"),
    NEGATIVE("-infinity");

    private static final long MICROS_POSITIVE = 9223372036825200000L;
    private static final long MICROS_NEGATIVE = -9223372036832400000L;
    private static final Set<Long> DAYS_POSITIVE = Set.of(-2147472692L, -622191234L);
    private static final Set<Long> DAYS_NEGATIVE = Set.of(-2147472691L, -625821272L);

    private final String literal;

    InfiniteTemporal(String literal) {
        this.literal = literal;
    }

    /** The PostgreSQL literal, which the server casts to the column's date or timestamp type. */
    public String literal() {
        return literal;
    }

    /** The infinity a value of this Connect logical type stands for, or null for a finite value. */
    static InfiniteTemporal of(String logicalType, Object value) {
        switch (logicalType) {
            case "io.debezium.time.ZonedTimestamp":
                return "infinity".equals(value) ? POSITIVE : "-infinity".equals(value) ? NEGATIVE : null;
            case "io.debezium.time.MicroTimestamp":
                return sign(((Number) value).longValue(), MICROS_POSITIVE, MICROS_NEGATIVE);
            case "io.debezium.time.Timestamp":
                return sign(((Number) value).longValue(), MICROS_POSITIVE / 1000, MICROS_NEGATIVE / 1000);
            case "org.apache.kafka.connect.data.Timestamp":
                return sign(((java.util.Date) value).getTime(), MICROS_POSITIVE / 1000, MICROS_NEGATIVE / 1000);
            case "io.debezium.time.Date": {
                long days = ((Number) value).longValue();
                return DAYS_POSITIVE.contains(days) ? POSITIVE : DAYS_NEGATIVE.contains(days) ? NEGATIVE : null;
            }
            default:
                return null;
        }
    }

    private static InfiniteTemporal sign(long value, long positive, long negative) {
        return value == positive ? POSITIVE : value == negative ? NEGATIVE : null;
    }

    @Override
    public String toString() {
        return literal;
    }
}
