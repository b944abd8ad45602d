package dev.ferry.source.snapshot.chunked;

import io.debezium.connector.postgresql.PgOid;
import io.debezium.connector.postgresql.PostgresType;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.relational.Column;
import io.debezium.relational.Table;
import io.debezium.util.ColumnUtils;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Set;

/**
 * Reads a chunk's rows into the arrays Debezium's {@code PostgresConnection.rowToArray} returns,
 * with each column's PostgreSQL type looked up once per result set. Debezium looks the type up for
 * every value (the result set's type name, then its type registry, which splits the name): on the
 * wide benchmark table that was a tenth of the snapshot readers' time.
 *
 * <p>Debezium reads every column with {@link ResultSet#getObject(int)} except arrays and the types
 * it treats specially (money, bit, numeric, time, timetz). Those columns still go through
 * Debezium's {@link PostgresConnection#getColumnValue}, value by value, so the values stay Debezium's;
 * the others are read with {@code getObject} directly, as Debezium's own default case does.
 * {@code SourceCaptureIT} compares this reader's records with Debezium's snapshot for every kind
 * of column.
 */
final class RowReader {

    /** The type OIDs Debezium's {@code getColumnValue} does not read with {@code getObject}. */
    private static final Set<Integer> READ_BY_DEBEZIUM = Set.of(PgOid.MONEY, PgOid.BIT, PgOid.NUMERIC, PgOid.TIME,
            PgOid.TIMETZ);

    private final PostgresConnection connection;
    private final Table table;
    private final Column[] columns;
    private final int[] positions;
    private final boolean[] byDebezium;
    private final int width;

    RowReader(PostgresConnection connection, Table table, ResultSet rs) throws SQLException {
        ColumnUtils.ColumnArray array = ColumnUtils.toArray(rs, table);
        this.connection = connection;
        this.table = table;
        this.columns = array.getColumns();
        this.width = array.getGreatestColumnPosition();
        this.positions = new int[columns.length];
        this.byDebezium = new boolean[columns.length];
        ResultSetMetaData metaData = rs.getMetaData();
        for (int i = 0; i < columns.length; i++) {
            positions[i] = columns[i].position() - 1;
            byDebezium[i] = readByDebezium(metaData, i + 1);
        }
    }

    /** The next row's values, placed by column position as Debezium's {@code rowToArray} places them. */
    Object[] read(ResultSet rs) throws SQLException {
        Object[] row = new Object[width];
        for (int i = 0; i < columns.length; i++) {
            row[positions[i]] = byDebezium[i] ? connection.getColumnValue(rs, i + 1, columns[i], table) : plain(rs, i);
        }
        return row;
    }

    private Object plain(ResultSet rs, int i) throws SQLException {
        try {
            return rs.getObject(i + 1);
        } catch (SQLException e) {
            // Debezium reads the value once more on a failure; let it decide what happens.
            return connection.getColumnValue(rs, i + 1, columns[i], table);
        }
    }

    private boolean readByDebezium(ResultSetMetaData metaData, int index) {
        try {
            PostgresType type = connection.getTypeRegistry().get(metaData.getColumnTypeName(index));
            return type.isArrayType() || READ_BY_DEBEZIUM.contains(type.getOid());
        } catch (SQLException | RuntimeException e) {
            return true; // Debezium handles a type it cannot look up in its own way
        }
    }
}
