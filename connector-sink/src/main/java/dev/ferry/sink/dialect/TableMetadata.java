package dev.ferry.sink.dialect;

import dev.ferry.contract.MetadataPatterns;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A target table's column names, their types (the database's type names, lower case), their
 * sizes (JDBC's COLUMN_SIZE: characters for text types) and primary key columns, as read from
 * the database.
 */
public record TableMetadata(List<String> columns, Map<String, String> columnTypes, Map<String, Integer> columnSizes,
        List<String> keyColumns) {

    /**
     * Reads a table through JDBC metadata; PostgreSQL names it by schema, MySQL by catalog
     * (database). Empty when the table does not exist.
     */
    public static Optional<TableMetadata> read(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        // getColumns takes LIKE patterns: an unescaped '_' in "a_b" would also match table "axb".
        String escape = meta.getSearchStringEscape();
        // Per table name found, its columns in order with their type names, and their sizes.
        Map<String, Map<String, String>> columnsByTable = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> sizesByTable = new HashMap<>();
        try (ResultSet rs = meta.getColumns(catalog, MetadataPatterns.literal(schema, escape),
                MetadataPatterns.literal(table, escape), null)) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                columnsByTable.computeIfAbsent(name, t -> new LinkedHashMap<>())
                        .put(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT));
                sizesByTable.computeIfAbsent(name, t -> new HashMap<>()).put(rs.getString("COLUMN_NAME"),
                        rs.getInt("COLUMN_SIZE"));
            }
        }
        // The exact name, or the one a case-insensitive server (lower_case_table_names) folded it to.
        String found = columnsByTable.containsKey(table) ? table
                : columnsByTable.size() == 1 ? columnsByTable.keySet().iterator().next() : null;
        Map<String, String> columns = found == null ? Map.of() : columnsByTable.get(found);
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, String> keys = new TreeMap<>();
        // getPrimaryKeys takes names, not patterns.
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                keys.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return Optional.of(new TableMetadata(new ArrayList<>(columns.keySet()), new HashMap<>(columns),
                new HashMap<>(sizesByTable.get(found)), new ArrayList<>(keys.values())));
    }
}
