package dev.ferry.source.ddl;

import dev.ferry.contract.DdlCommandTable;
import dev.ferry.source.config.QualifiedTableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the source's DDL capture (ddl.sync): the DDL command table, and the event triggers
 * named after the slot that write into it. Event triggers need a superuser; without one, capture
 * is off and the precheck says so on {@code ddl.sync}.
 */
public final class DdlCapture {

    private static final Logger LOG = LoggerFactory.getLogger(DdlCapture.class);

    private DdlCapture() {
    }

    /** Why DDL cannot be captured with this connection's user, or null when it can. */
    public static String missingRights(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && rs.getBoolean(1)) {
                return null;
            }
        }
        return "user cannot create event triggers (it is no superuser), so DDL is not captured: ADD COLUMN reaches "
                + "the targets through schema.evolution=basic, without its DEFAULT for existing rows, and other DDL "
                + "does not. Run the connector as a superuser, or set ddl.sync=false to silence this";
    }

    /**
     * Creates the table and (re)installs the triggers; returns false (after a warning) when the
     * user may not. Rows older than a day are deleted: their inserts stay in the WAL for the slot,
     * so nothing the connector has yet to read is lost.
     */
    public static boolean install(Connection connection, QualifiedTableName table, String slotName,
            String publicationName, Map<String, String> debeziumProps, List<QualifiedTableName> ferryTables,
            boolean replicaIdentityFull) throws SQLException {
        String missing = missingRights(connection);
        if (missing != null) {
            LOG.warn("ddl.sync: {}", missing);
            return false;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(DdlCommandTable.createTable(table.quoted()));
            for (String sql : DdlCommandTable.installStatements(QualifiedTableName.quote(table.schema()), table.quoted(),
                    slotName, publicationName, selection(debeziumProps, ferryTables), replicaIdentityFull)) {
                statement.execute(sql);
            }
            try (PreparedStatement old = connection.prepareStatement("DELETE FROM " + table.quoted() + " WHERE "
                    + DdlCommandTable.SLOT_NAME + " = ? AND created < now() - interval '1 day'")) {
                old.setString(1, slotName);
                old.executeUpdate();
            }
            addToPublication(connection, table, publicationName);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        LOG.info("DDL capture installed: event triggers {} and {} write into {}",
                DdlCommandTable.commandEndTrigger(slotName), DdlCommandTable.dropTrigger(slotName), table);
        return true;
    }

    /**
     * Debezium's table and schema filters as an SQL condition on {@code n.nspname} and
     * {@code c.relname}, for the tables created later: the same regular expressions, matched as
     * Debezium matches them (whole name, case-insensitive). Ferry's own tables' entries are left
     * out (they exist already, and their quoting is Java's).
     */
    static String selection(Map<String, String> debeziumProps, List<QualifiedTableName> ferryTables) {
        List<String> own = ferryTables.stream().map(QualifiedTableName::includeListPattern).toList();
        String table = "(n.nspname || '.' || c.relname)";
        List<String> conditions = new ArrayList<>();
        conditions.add("n.nspname NOT IN ('pg_catalog', 'information_schema')");
        anyOf(table, entries(debeziumProps.get("table.include.list"), own)).ifPresent(conditions::add);
        anyOf("n.nspname", entries(debeziumProps.get("schema.include.list"), own)).ifPresent(conditions::add);
        anyOf(table, entries(debeziumProps.get("table.exclude.list"), own)).ifPresent(c -> conditions.add("NOT " + c));
        anyOf("n.nspname", entries(debeziumProps.get("schema.exclude.list"), own))
                .ifPresent(c -> conditions.add("NOT " + c));
        return String.join(" AND ", conditions);
    }

    private static List<String> entries(String list, List<String> own) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(e -> !e.isEmpty() && !own.contains(e)).toList();
    }

    private static Optional<String> anyOf(String value, List<String> regexes) {
        if (regexes.isEmpty()) {
            return Optional.empty();
        }
        String array = regexes.stream().map(r -> "'^(?:" + r.replace("'", "''") + ")$'")
                .collect(Collectors.joining(", "));
        return Optional.of("(" + value + " ~* ANY (ARRAY[" + array + "]))");
    }

    /**
     * A publication made before DDL capture was on lacks the table (a new one is made with it, as
     * the table is in Debezium's include list); one for all tables has it already.
     */
    private static void addToPublication(Connection connection, QualifiedTableName table, String publicationName)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT p.puballtables, EXISTS (SELECT 1 FROM "
                + "pg_publication_tables t WHERE t.pubname = p.pubname AND t.schemaname = ? AND t.tablename = ?) "
                + "FROM pg_publication p WHERE p.pubname = ?")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            statement.setString(3, publicationName);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next() || rs.getBoolean(1) || rs.getBoolean(2)) {
                    return;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER PUBLICATION " + QualifiedTableName.quote(publicationName) + " ADD TABLE "
                    + table.quoted());
        }
        LOG.info("Added {} to publication {}", table, publicationName);
    }
}
