package dev.ferry.sink.structure;

import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.table.LedgerClaim;
import dev.ferry.sink.table.LedgerTableCreation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The target tables a sink connector has taken over by schema sync ({@value #TABLE}, in the
 * target's default schema): those it created and those it accepted under
 * {@code schema.conflict.mode}. Only a table not listed here is checked for conflicts, so the rows
 * the connector itself wrote never count as a conflict after a restart. With each table it keeps
 * the table's {@link TableHistory}, which DDL records are compared with.
 */
public final class SchemaSyncLedger {

    public static final String TABLE = "ferry_schema_sync";
    private static final String HISTORY = "table_history";

    private final Dialect dialect;
    private final String connector;
    private final Set<TableId> known = new HashSet<>();
    private boolean created;
    private final Map<TableId, TableHistory> histories = new HashMap<>();

    public SchemaSyncLedger(Dialect dialect, String connector) {
        this.dialect = dialect;
        this.connector = connector;
    }

    /** Whether this connector has taken {@code table} over. */
    public boolean contains(Connection connection, TableId table) throws SQLException {
        if (known.contains(table)) {
            return true;
        }
        if (dialect.readTable(connection, new TableId(null, TABLE)).isEmpty()) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + dialect.quote(TABLE)
                + " WHERE " + dialect.quote("connector") + " = ? AND " + dialect.quote("target_table") + " = ?")) {
            statement.setString(1, connector);
            statement.setString(2, table.toString());
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    known.add(table);
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Records {@code table} as taken over, in the caller's transaction, and says whether this
     * transaction did: false when another task of this connector already had (each task gets a
     * table's schema record on its own partition, and a task may create the table from rows). A
     * claim still open in another transaction is waited for, so a caller that won checks the table
     * for conflicts knowing no other task of the connector is writing into it, and one that lost
     * knows the rows it may find are the connector's own (ChaosIT seeds 2 and 4 failed tasks on
     * both). Take the claim before the table's DDL: every path takes the two in that order.
     */
    public boolean claim(Connection connection, TableId table) throws SQLException {
        createTableIfMissing(connection);
        boolean won = LedgerClaim.insert(connection, "INSERT INTO " + dialect.quote(TABLE) + " ("
                + dialect.quote("connector") + ", " + dialect.quote("target_table") + ") VALUES (?, ?)",
                List.of(connector, table.toString()));
        known.add(table);
        if (!won) {
            // Read again: the winner may have kept a history since this transaction last looked.
            histories.remove(table);
        }
        return won;
    }

    /** The table's history; empty when none is kept (a table taken over before DDL sync, say). */
    public TableHistory history(Connection connection, TableId table) throws SQLException {
        TableHistory cached = histories.get(table);
        if (cached != null) {
            return cached;
        }
        TableHistory history = TableHistory.empty();
        if (contains(connection, table)) {
            createTableIfMissing(connection);
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + dialect.quote(HISTORY)
                    + " FROM " + dialect.quote(TABLE) + " WHERE " + dialect.quote("connector") + " = ? AND "
                    + dialect.quote("target_table") + " = ?")) {
                statement.setString(1, connector);
                statement.setString(2, table.toString());
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        history = TableHistory.decode(rs.getString(1));
                    }
                }
            }
        }
        histories.put(table, history);
        return history;
    }

    /** Keeps {@code history} for a table this connector has taken over, in the caller's transaction. */
    public void saveHistory(Connection connection, TableId table, TableHistory history) throws SQLException {
        if (history.equals(histories.get(table))) {
            return;
        }
        createTableIfMissing(connection);
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + dialect.quote(TABLE) + " SET "
                + dialect.quote(HISTORY) + " = ? WHERE " + dialect.quote("connector") + " = ? AND "
                + dialect.quote("target_table") + " = ?")) {
            statement.setString(1, history.encode());
            statement.setString(2, connector);
            statement.setString(3, table.toString());
            statement.executeUpdate();
        }
        histories.put(table, history);
    }

    /** Forgets a dropped table, in the caller's transaction. */
    public void remove(Connection connection, TableId table) throws SQLException {
        if (contains(connection, table)) {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + dialect.quote(TABLE)
                    + " WHERE " + dialect.quote("connector") + " = ? AND " + dialect.quote("target_table") + " = ?")) {
                statement.setString(1, connector);
                statement.setString(2, table.toString());
                statement.executeUpdate();
            }
        }
        known.remove(table);
        histories.remove(table);
    }

    /** Forgets what is cached: a rolled-back transaction may have taken rows with it. */
    public void clear() {
        known.clear();
        histories.clear();
        created = false;
    }

    private void createTableIfMissing(Connection connection) throws SQLException {
        if (created) {
            return;
        }
        LedgerTableCreation.create(connection, dialect, TABLE, "CREATE TABLE IF NOT EXISTS " + dialect.quote(TABLE) + " ("
                + dialect.quote("connector") + " VARCHAR(255) NOT NULL, "
                + dialect.quote("target_table") + " VARCHAR(500) NOT NULL, "
                + dialect.quote(HISTORY) + " TEXT, "
                + "PRIMARY KEY (" + dialect.quote("connector") + ", " + dialect.quote("target_table") + "))");
        try (Statement statement = connection.createStatement()) {
            // A ledger made before DDL sync lacks the history column.
            boolean hasHistory = dialect.readTable(connection, new TableId(null, TABLE)).map(t -> t.columns().stream()
                    .anyMatch(c -> dialect.sameColumn(c, HISTORY))).orElse(true);
            if (!hasHistory) {
                statement.execute("ALTER TABLE " + dialect.quote(TABLE) + " ADD COLUMN " + dialect.quote(HISTORY)
                        + " TEXT");
            }
        }
        created = true;
    }

}
