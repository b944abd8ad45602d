package dev.ferry.sink.dialect;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * Orders integer and floating-point types by width, so a column created for a narrower source
 * type can be widened when the source column grows ({@code int} to {@code bigint}, {@code real}
 * to {@code double precision}). Decimal, temporal and other logical types are never widened here.
 */
public final class NumericWidth {

    private NumericWidth() {
    }

    /** Width rank of a Connect schema's type within its family (integers 1–4, floats 11–12), or 0. */
    public static int of(Schema schema) {
        if (schema.name() != null) {
            return 0;
        }
        return switch (schema.type()) {
            case INT8 -> 1;
            case INT16 -> 2;
            case INT32 -> 3;
            case INT64 -> 4;
            case FLOAT32 -> 11;
            case FLOAT64 -> 12;
            default -> 0;
        };
    }

    /** Width rank of a database type name in {@code ranks}, or 0 when it is not a plain number type. */
    public static int of(String typeName, Map<String, Integer> ranks) {
        return typeName == null ? 0 : ranks.getOrDefault(typeName, 0);
    }

    /** Whether a column of rank {@code current} must be widened to hold values of rank {@code wanted}. */
    public static boolean narrower(int current, int wanted) {
        return current > 0 && wanted > current && (current < 10) == (wanted < 10);
    }
}
