package dev.ferry.contract;

import java.util.Set;

/**
 * The fields Debezium's {@code ExtractNewRecordState} adds to a flattened row ({@code __deleted}
 * and the {@code add.fields} of the source block and envelope). They are metadata, not columns;
 * every other name, including one that merely starts with {@code __}, is a column.
 */
public final class DebeziumMetadataFields {

    private static final Set<String> NAMES = Set.of("__deleted", "__op", "__ts_ms", "__ts_us", "__ts_ns", "__table",
            "__schema", "__db", "__lsn", "__txId", "__xmin", "__name", "__connector", "__version", "__snapshot",
            "__sequence");

    private DebeziumMetadataFields() {
    }

    public static boolean isMetadata(String fieldName) {
        return NAMES.contains(fieldName) || fieldName.startsWith("__source_") || fieldName.startsWith("__transaction_");
    }
}
