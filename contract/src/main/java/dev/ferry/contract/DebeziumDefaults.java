package dev.ferry.contract;

/** Debezium defaults that Ferry's modules rely on without depending on Debezium. */
public final class DebeziumDefaults {

    /** Debezium's {@code unavailable.value.placeholder}: stands for an unchanged TOAST value. */
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "__debezium_unavailable_value";

    /**
     * Header Debezium puts on the DELETE half of a primary-key change (its value is the new key):
     * the delete means "this row left the key", not "the row is gone".
     */
    public static final String NEW_KEY_HEADER = "__debezium.newkey";

    private DebeziumDefaults() {
    }
}
