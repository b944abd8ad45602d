package dev.ferry.sink.structure;

import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The target tables a sink connector has taken over by schema sync ({@value #TABLE}, in the
 * target's default schema): those it created and those it accepted under
 * {@code schema.conflict.mode}. Only a table not listed here is checked for conflicts, so the rows
 * the connector itself wrote never count as a conflict after a restart.
 */
public final class SchemaSyncLedger {

    public static final String TABLE = "ferry_schema_sync";

    private final Dialect dialect;
    private final String connector;
    private final Set<TableId> known = new HashSet<>();
    private boolean created;

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

    /** Records {@code table} as taken over, in the caller's transaction. */
    public void add(Connection connection, TableId table) throws SQLException {
        createTableIfMissing(connection);
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + dialect.quote(TABLE)
                + " VALUES (?, ?)")) {
            statement.setString(1, connector);
            statement.setString(2, table.toString());
            statement.executeUpdate();
        }
        known.add(table);
    }

    /** Forgets what is cached: a rolled-back transaction may have taken rows with it. */
    public void clear() {
        known.clear();
        created = false;
    }

    private void createTableIfMissing(Connection connection) throws SQLException {
        if (created) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + dialect.quote(TABLE) + " ("
                    + dialect.quote("connector") + " VARCHAR(255) NOT NULL, "
                    + dialect.quote("target_table") + " VARCHAR(500) NOT NULL, "
                    + "PRIMARY KEY (" + dialect.quote("connector") + ", " + dialect.quote("target_table") + "))");
        }
        created = true;
    }
}
