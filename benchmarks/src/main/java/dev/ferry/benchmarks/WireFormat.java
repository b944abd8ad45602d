package dev.ferry.benchmarks;

import java.util.Locale;

/**
 * How the contenders' records are written to Kafka. Both contenders of a run use the same one:
 * Kafka's JSON format with a schema in every record (Ferry writing it with its own converter), or
 * Avro in Confluent's wire format against a schema registry (Apicurio's converter, the one Ferry's
 * Avro examples use, for both).
 */
public enum WireFormat {
    JSON,
    AVRO;

    /** How results name a workload run in this format: JSON, the default, adds nothing. */
    public String label(String workload) {
        return this == JSON ? workload : workload + " (avro)";
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
