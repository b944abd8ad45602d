package dev.ferry.sink.dialect;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;

/**
 * The source column's declared type, when the record schema carries it: Debezium's
 * {@code column.propagate.source.type} / {@code datatype.propagate.source.type} parameters, which
 * Ferry's source sets for the types whose length or precision the schema lacks otherwise. Lets
 * {@code auto.create} make {@code varchar(20)}, {@code char(5)}, {@code timestamp(3)} or
 * {@code inet} instead of {@code text} and {@code timestamp}.
 *
 * @param name the PostgreSQL type name, lower case ({@code varchar}, {@code bpchar}, …)
 * @param length the declared length (characters) or precision, when the source has one
 * @param scale the declared scale, or fractional-second digits for temporal types
 */
public record SourceColumnType(String name, Optional<Integer> length, Optional<Integer> scale) {

    static final String TYPE = "__debezium.source.column.type";
    static final String LENGTH = "__debezium.source.column.length";
    static final String SCALE = "__debezium.source.column.scale";
    /** PostgreSQL's limit for varchar(n) and char(n); pgjdbc reports unconstrained varchar as 2^31-1. */
    private static final int MAX_DECLARED_LENGTH = 10_485_760;

    public static Optional<SourceColumnType> of(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        if (parameters == null || parameters.get(TYPE) == null) {
            return Optional.empty();
        }
        return Optional.of(new SourceColumnType(parameters.get(TYPE).toLowerCase(Locale.ROOT),
                number(parameters.get(LENGTH)), number(parameters.get(SCALE))));
    }

    /** The declared character length of a varchar(n) or char(n) column; empty when unconstrained. */
    public Optional<Integer> characterLength() {
        return length.filter(n -> n > 0 && n <= MAX_DECLARED_LENGTH);
    }

    /** Fractional-second digits of a temporal column, 0–6; empty when not declared. */
    public Optional<Integer> secondsPrecision() {
        return scale.filter(p -> p >= 0 && p <= 6);
    }

    private static Optional<Integer> number(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
