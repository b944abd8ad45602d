package dev.ferry.contract;

/** Debezium defaults that Ferry's modules rely on without depending on Debezium. */
public final class DebeziumDefaults {

    /** Debezium's {@code unavailable.value.placeholder}: stands for an unchanged TOAST value. */
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "__debezium_unavailable_value";

    private DebeziumDefaults() {
    }
}
