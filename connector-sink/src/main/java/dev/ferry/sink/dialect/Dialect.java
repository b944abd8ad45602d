package dev.ferry.sink.dialect;

import dev.ferry.contract.TargetNaming;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;

/**
 * Everything that differs between target databases: connecting, quoting, the statement forms
 * that give REPLACE INTO semantics, DDL and type mapping, and value binding. Every identifier
 * that reaches SQL passes through {@link #quote}.
 */
public interface Dialect {

    String name();

    /** Opens a connection with the driver options the dialect relies on. */
    Connection connect(String url, String user, String password) throws SQLException;

    /**
     * Statements run once per new connection: foreign key checks, and lock and statement
     * timeouts of {@code timeoutMs} so that a blocked apply fails (and is retried) rather than
     * outliving the task's partition assignment.
     */
    List<String> sessionSetup(boolean disableForeignKeyChecks, long timeoutMs);

    String quote(String identifier);

    /** The table.name.format used when the key is empty. */
    default String defaultTableNameFormat() {
        return TargetNaming.POSTGRES_TABLE_NAME_FORMAT;
    }

    /**
     * Problems with the target database itself that the connector's validate() reports on
     * connection.url (a character set that cannot hold every PostgreSQL text, say).
     */
    default List<String> targetProblems(Connection connection) throws SQLException {
        return List.of();
    }

    default String table(TableId table) {
        return table.schema() == null ? quote(table.table()) : quote(table.schema()) + "." + quote(table.table());
    }

    /** INSERT that leaves the row equal to the given columns' values whether or not the key exists. */
    BoundSql upsert(TableId table, List<String> columns, List<String> keyColumns);

    /**
     * Like {@link #upsert} but for rows whose other columns must stay as they are in the target
     * (unchanged TOAST values): only the given columns are set on conflict.
     */
    BoundSql partialUpsert(TableId table, List<String> columns, List<String> keyColumns);

    /** INSERT that does nothing when the key exists (snapshot.conflict.mode=keep_existing). */
    BoundSql insertIfAbsent(TableId table, List<String> columns, List<String> keyColumns);

    /** Plain INSERT (insert.mode=insert). */
    default BoundSql insert(TableId table, List<String> columns) {
        return new BoundSql("INSERT INTO " + table(table) + " (" + columnList(columns) + ") VALUES ("
                + placeholders(columns.size()) + ")", columns);
    }

    /**
     * How many rows one of this dialect's INSERT forms may carry as a multi-row {@code VALUES}
     * list ({@link #multiRow}); 1 sends one statement per row as a JDBC batch.
     */
    default int rowsPerInsert() {
        return 1;
    }

    /**
     * {@code single}, one of this dialect's INSERT forms for one row, as one statement for
     * {@code rows} rows: its {@code VALUES} tuple repeated, the parameters with it.
     */
    default BoundSql multiRow(BoundSql single, int rows) {
        String tuple = "(" + placeholders(single.parameters().size()) + ")";
        String values = "VALUES " + tuple;
        int at = single.sql().indexOf(values);
        if (at < 0) {
            throw new IllegalArgumentException("No VALUES " + tuple + " in " + single.sql());
        }
        StringBuilder sql = new StringBuilder(single.sql().length() + rows * (tuple.length() + 2));
        sql.append(single.sql(), 0, at).append("VALUES ").append(tuple);
        for (int row = 1; row < rows; row++) {
            sql.append(", ").append(tuple);
        }
        sql.append(single.sql(), at + values.length(), single.sql().length());
        List<String> parameters = new java.util.ArrayList<>(single.parameters().size() * rows);
        for (int row = 0; row < rows; row++) {
            parameters.addAll(single.parameters());
        }
        return new BoundSql(sql.toString(), parameters);
    }

    /** Deletes {@code rows} keys in one statement: {@code (k1, k2) IN ((?, ?), …)}. */
    default String delete(TableId table, List<String> keyColumns, int rows) {
        return "DELETE FROM " + table(table) + " WHERE " + keysIn(keyColumns, rows);
    }

    /** Counts how many of {@code rows} keys the table holds, with the same key condition as {@link #delete}. */
    default String countKeys(TableId table, List<String> keyColumns, int rows) {
        return "SELECT count(*) FROM " + table(table) + " WHERE " + keysIn(keyColumns, rows);
    }

    /** {@code k IN (?, …)} or {@code (k1, k2) IN ((?, ?), …)} for {@code rows} keys. */
    private String keysIn(List<String> keyColumns, int rows) {
        StringBuilder sql = new StringBuilder();
        String tuple = "(" + placeholders(keyColumns.size()) + ")";
        if (keyColumns.size() == 1) {
            sql.append(quote(keyColumns.get(0))).append(" IN (").append(placeholders(rows)).append(')');
        } else {
            sql.append('(').append(columnList(keyColumns)).append(") IN (");
            for (int i = 0; i < rows; i++) {
                sql.append(i == 0 ? "" : ", ").append(tuple);
            }
            sql.append(')');
        }
        return sql.toString();
    }

    /** A hint about what a write error means on this target, added to its message, or null. */
    default String explain(SQLException error) {
        return null;
    }

    /**
     * True where an upsert cannot update in place and must delete the keys first, then insert
     * (AnalyticDB: ON CONFLICT cannot update distribution-key columns).
     */
    default boolean upsertByDeleteAndInsert() {
        return false;
    }

    /**
     * The database's bulk path for rows new to the target ({@link BulkLoad}), where it has one
     * that keeps INSERT's semantics; empty where every row is written by statement.
     */
    default Optional<BulkLoad> bulkLoad() {
        return Optional.empty();
    }

    /**
     * Statements that empty {@code tables}, which a source TRUNCATE emptied together: at once
     * where the target can (a PostgreSQL TRUNCATE of a parent must name its children too).
     */
    List<String> truncate(List<TableId> tables);

    /**
     * Whether {@code error} is the target refusing a TRUNCATE because another table references
     * one of the tables by foreign key (the referencing table's truncate came in a later batch).
     */
    default boolean truncateRefusedByForeignKey(SQLException error) {
        return false;
    }

    /** Statements that empty {@code tables} row by row, which a foreign key does not refuse. */
    default List<String> deleteAll(List<TableId> tables) {
        return tables.stream().map(t -> "DELETE FROM " + table(t)).toList();
    }

    List<String> createTable(TableId table, List<ColumnSpec> columns, List<String> keyColumns);

    String addColumn(TableId table, ColumnSpec column);

    /** The DDL this target makes from Ferry's schema records. */
    StructureDdl structureDdl();

    /**
     * The statement that widens a target column to take values of {@code schema} when the
     * column is narrower: an {@code integer} column once the source column became {@code bigint},
     * a {@code varchar(10)} once the source declares {@code varchar(100)}; empty when it already
     * fits or the dialect cannot tell.
     */
    default Optional<String> widenColumn(TableId table, String column, String currentType, Integer currentSize,
            Schema schema) {
        boolean numberGrew = NumericWidth.narrower(NumericWidth.of(currentType, numericTypeRanks()),
                NumericWidth.of(schema));
        boolean textGrew = currentSize != null && currentType != null && lengthBoundedTextTypes().contains(currentType)
                && SourceColumnType.of(schema).flatMap(SourceColumnType::characterLength)
                        .filter(length -> length > currentSize).isPresent();
        if (!numberGrew && !textGrew) {
            return Optional.empty();
        }
        return Optional.of(changeColumnType(table, column, columnType(schema, false)));
    }

    /** The target's text types with a declared length (JDBC metadata type names), which widening may lengthen. */
    default Set<String> lengthBoundedTextTypes() {
        return Set.of();
    }

    /** Width ranks ({@link NumericWidth}) of the target's plain number types, by JDBC metadata type name. */
    default Map<String, Integer> numericTypeRanks() {
        return Map.of();
    }

    /**
     * The statement that changes a column's type; only called for types in
     * {@link #numericTypeRanks()} and {@link #lengthBoundedTextTypes()}.
     */
    default String changeColumnType(TableId table, String column, String type) {
        throw new UnsupportedOperationException(name() + " does not change column types");
    }

    /** The target type for a column of this Connect schema ({@code key}: part of the primary key). */
    String columnType(Schema schema, boolean key);

    /** The table's columns and primary key as the target has them, or empty when it does not exist. */
    Optional<TableMetadata> readTable(Connection connection, TableId table) throws SQLException;

    /** Binds a value normalized by {@link JdbcValues}. */
    void bind(PreparedStatement statement, int index, Object value) throws SQLException;

    /** Whether two column names are the same column on this target. */
    default boolean sameColumn(String a, String b) {
        return a.equals(b);
    }

    /** Whether {@code columns} hold {@code column} as this target compares names. */
    default boolean hasColumn(java.util.Collection<String> columns, String column) {
        return columns.stream().anyMatch(c -> sameColumn(c, column));
    }

    /** Whether two lists name the same columns in the same order, as this target compares names. */
    default boolean sameColumns(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameColumn(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    default String columnList(List<String> columns) {
        StringBuilder list = new StringBuilder();
        for (String column : columns) {
            list.append(list.isEmpty() ? "" : ", ").append(quote(column));
        }
        return list.toString();
    }

    /** JDBC connection properties holding the user and password that are set. */
    static Properties credentials(String user, String password) {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** SQL text and, in parameter order, the row column bound to each {@code ?}. */
    record BoundSql(String sql, List<String> parameters) {
    }

    /** A column to create: name, Connect schema and whether it belongs to the key. */
    record ColumnSpec(String name, Schema schema, boolean key) {
    }
}
