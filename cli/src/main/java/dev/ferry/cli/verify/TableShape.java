package dev.ferry.cli.verify;

import dev.ferry.cli.FerryException;
import dev.ferry.contract.MetadataPatterns;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A table's columns (in order, with type names) and primary key, read from JDBC metadata. */
record TableShape(String schema, String table, List<String> columns, List<String> types, List<String> key) {

    /** {@code schema.table}, or {@code table} alone in the connection's database (MySQL). */
    static TableShape read(Connection connection, String qualifiedName, boolean mySql) throws SQLException {
        String schema = null;
        String table = qualifiedName;
        int dot = qualifiedName.indexOf('.');
        if (dot > 0) {
            schema = qualifiedName.substring(0, dot);
            table = qualifiedName.substring(dot + 1);
        }
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = mySql ? (schema != null ? schema : connection.getCatalog()) : null;
        String schemaPattern = mySql ? null : (schema == null ? "public" : schema);
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String escape = meta.getSearchStringEscape();
        try (ResultSet rs = meta.getColumns(catalog, MetadataPatterns.literal(schemaPattern, escape),
                MetadataPatterns.literal(table, escape), null)) {
            while (rs.next()) {
                if (!rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    continue;
                }
                columns.add(rs.getString("COLUMN_NAME"));
                types.add(rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        if (columns.isEmpty()) {
            throw new FerryException("table " + qualifiedName + " does not exist (or has no columns) in "
                    + meta.getURL());
        }
        List<String> key = new ArrayList<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schemaPattern, table)) {
            List<String[]> parts = new ArrayList<>();
            while (rs.next()) {
                parts.add(new String[] {String.valueOf(rs.getShort("KEY_SEQ")), rs.getString("COLUMN_NAME")});
            }
            parts.sort((a, b) -> Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0])));
            parts.forEach(p -> key.add(p[1]));
        }
        return new TableShape(mySql ? catalog : schemaPattern, table, columns, types, key);
    }

    String typeOf(String column) {
        return types.get(columns.indexOf(column));
    }

    /** The column of this table named like {@code name}, ignoring case (MySQL may fold names). */
    String find(String name) {
        for (String column : columns) {
            if (column.equalsIgnoreCase(name)) {
                return column;
            }
        }
        return null;
    }
}
