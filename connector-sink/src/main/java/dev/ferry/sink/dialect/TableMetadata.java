package dev.ferry.sink.dialect;

import java.util.List;

/** A target table's column names and primary key columns, as read from the database. */
public record TableMetadata(List<String> columns, List<String> keyColumns) {
}
