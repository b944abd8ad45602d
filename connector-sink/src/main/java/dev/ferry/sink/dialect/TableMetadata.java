package dev.ferry.sink.dialect;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A target table's column names and primary key columns, as read from the database. */
public record TableMetadata(List<String> columns, List<String> keyColumns) {

    /**
     * Reads a table through JDBC metadata; PostgreSQL names it by schema, MySQL by catalog
     * (database). Empty when the table does not exist.
     */
    public static Optional<TableMetadata> read(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(catalog, schema, table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, String> keys = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                keys.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return Optional.of(new TableMetadata(columns, new ArrayList<>(keys.values())));
    }
}
