package dev.ferry.source.precheck;

import dev.ferry.contract.SourceConnectionProperties;
import dev.ferry.source.catalog.SelectedTables;
import dev.ferry.source.catalog.SourceConnections;
import dev.ferry.source.catalog.SourceTable;
import dev.ferry.source.config.DebeziumProperties;
import dev.ferry.source.config.FerrySourceConfig;
import dev.ferry.source.config.QualifiedTableName;
import dev.ferry.source.ddl.DdlCapture;
import dev.ferry.source.slot.SlotOwnership;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks, before anything is created, that the source can be replicated as configured: the
 * server, the account, the slot budget and every selected table. Read-only.
 */
public final class SourcePrecheck {

    static final String HOST = "database.hostname";
    static final String USER = "database.user";
    static final String TABLES = DebeziumProperties.TABLE_INCLUDE_LIST;
    private static final int MIN_SERVER_VERSION = 100_000;
    private static final String LONG_TRANSACTION = "5 minutes";

    private final Map<String, String> debeziumProps;
    private final FerrySourceConfig ferry;
    private final String slotName;
    private final List<PrecheckItem> items = new ArrayList<>();

    public SourcePrecheck(Map<String, String> debeziumProps) {
        this.debeziumProps = debeziumProps;
        this.ferry = new FerrySourceConfig(debeziumProps);
        this.slotName = debeziumProps.get(FerrySourceConfig.SLOT_NAME);
    }

    public List<PrecheckItem> run() {
        String where = SourceConnections.describe(debeziumProps);
        try (Connection connection = SourceConnections.open(debeziumProps)) {
            items.add(PrecheckItem.pass(HOST, "reachable", "connected to " + where));
            if (!checkServer(connection, where)) {
                return items;
            }
            checkReplicationPrivilege(connection);
            checkDdlCapture(connection);
            checkSlotBudget(connection, where);
            checkSlotOwner(connection);
            checkTables(connection);
            checkIdleFerrySlots(connection);
            checkLongTransactions(connection, where);
        } catch (SQLException e) {
            items.add(PrecheckItem.fail(HOST, "reachable", "cannot connect to PostgreSQL at " + where + " as user '"
                    + debeziumProps.get(USER) + "': " + e.getMessage()
                    + ". Check database.hostname, database.port, database.user, database.password, the TLS keys ("
                    + String.join(", ", SourceConnectionProperties.TLS_KEYS) + ") and pg_hba.conf."));
        }
        return items;
    }

    private boolean checkServer(Connection connection, String where) throws SQLException {
        int version = Integer.parseInt(value(connection, "SHOW server_version_num"));
        if (version < MIN_SERVER_VERSION) {
            items.add(PrecheckItem.fail(HOST, "server version", "PostgreSQL at " + where + " is version "
                    + value(connection, "SHOW server_version") + "; Ferry needs 10 or newer (pgoutput)."));
            return false;
        }
        String walLevel = value(connection, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            items.add(PrecheckItem.fail(HOST, "wal_level", "wal_level is '" + walLevel + "' on " + where
                    + "; logical replication needs wal_level=logical. Run ALTER SYSTEM SET wal_level = logical and "
                    + "restart PostgreSQL (RDS/PolarDB: set the rds.logical_replication parameter to 1)."));
            return false;
        }
        items.add(PrecheckItem.pass(HOST, "wal_level", "wal_level=logical"));
        return true;
    }

    private void checkReplicationPrivilege(Connection connection) throws SQLException {
        String sql = """
                SELECT r.rolsuper OR r.rolreplication OR EXISTS (
                         SELECT 1 FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid
                          WHERE m.member = r.oid AND b.rolname IN ('rds_replication', 'rds_superuser', 'rdsrepladmin'))
                  FROM pg_roles r WHERE r.rolname = current_user
                """;
        boolean may = "t".equals(value(connection, sql));
        String user = debeziumProps.get(USER);
        if (may) {
            items.add(PrecheckItem.pass(USER, "replication privilege", "user '" + user + "' may replicate"));
        } else {
            items.add(PrecheckItem.fail(USER, "replication privilege", "user '" + user + "' has neither REPLICATION, "
                    + "superuser nor rds_replication; run ALTER ROLE " + QualifiedTableName.quote(user)
                    + " WITH REPLICATION (RDS: GRANT rds_replication TO " + QualifiedTableName.quote(user) + ")."));
        }
    }

    /** ddl.sync needs event triggers, which only a superuser may create. */
    private void checkDdlCapture(Connection connection) throws SQLException {
        if (!ferry.ddlSync()) {
            return;
        }
        String missing = DdlCapture.missingRights(connection);
        if (missing == null) {
            items.add(PrecheckItem.pass(FerrySourceConfig.DDL_SYNC, "event triggers", "DDL is captured"));
        } else {
            items.add(PrecheckItem.warn(FerrySourceConfig.DDL_SYNC, "event triggers", "user '"
                    + debeziumProps.get(USER) + "' " + missing.substring("user ".length())));
        }
    }

    private void checkSlotBudget(Connection connection, String where) throws SQLException {
        boolean slotExists = exists(connection, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slotName);
        if (!slotExists) {
            int free = Integer.parseInt(value(connection,
                    "SELECT current_setting('max_replication_slots')::int - count(*) FROM pg_replication_slots"));
            if (free <= 0) {
                items.add(PrecheckItem.fail(FerrySourceConfig.SLOT_NAME, "free replication slots",
                        "no free replication slot on " + where + " for '" + slotName + "': max_replication_slots is "
                                + "used up. Drop an unused slot (SELECT pg_drop_replication_slot('name')) or raise "
                                + "max_replication_slots and restart PostgreSQL."));
            } else {
                items.add(PrecheckItem.pass(FerrySourceConfig.SLOT_NAME, "free replication slots",
                        free + " free replication slot(s)"));
            }
        }
        int freeSenders = Integer.parseInt(value(connection, "SELECT current_setting('max_wal_senders')::int - "
                + "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender')"));
        if (freeSenders <= 0) {
            items.add(PrecheckItem.fail(HOST, "free WAL senders", "all max_wal_senders are in use on " + where
                    + "; raise max_wal_senders and restart PostgreSQL, or stop another replication client."));
        } else {
            items.add(PrecheckItem.pass(HOST, "free WAL senders", freeSenders + " free WAL sender(s)"));
        }
    }

    private void checkSlotOwner(Connection connection) throws SQLException {
        String conflict = SlotOwnership.conflict(connection, ferry.heartbeatTable(), slotName,
                debeziumProps.get(DebeziumProperties.TOPIC_PREFIX));
        if (conflict != null) {
            items.add(PrecheckItem.fail(FerrySourceConfig.SLOT_NAME, "slot owner", conflict));
        }
    }

    private void checkTables(Connection connection) throws SQLException {
        SelectedTables tables = SelectedTables.load(connection, debeziumProps);
        checkIncludeListEntriesExist(tables);
        QualifiedTableName heartbeat = ferry.heartbeatTable();
        boolean publishViaRoot = Boolean.parseBoolean(debeziumProps.getOrDefault("publish.via.partition.root", "false"));
        for (SourceTable table : tables.selected()) {
            if (table.name().equals(heartbeat)) {
                continue;
            }
            if (!table.hasKey() && !(table.partitioned() && !publishViaRoot)) {
                items.add(PrecheckItem.fail(TABLES, "primary key", "table " + table.name() + " has no primary key "
                        + "and no NOT NULL unique index, so its updates and deletes cannot be applied by key. "
                        + "Add a primary key, or leave the table out of table.include.list."));
            }
            checkPartitionConsistency(tables, table, publishViaRoot);
        }
        for (SourceTable table : tables.rowTables()) {
            if (!table.name().equals(heartbeat)) {
                checkReplicaIdentity(table);
            }
        }
        if (ferry.heartbeatIntervalMs() > 0 && !SelectedTables.filtersInclude(debeziumProps, heartbeat)) {
            items.add(PrecheckItem.warn(FerrySourceConfig.HEARTBEAT_TABLE, "heartbeat captured", "heartbeat table "
                    + heartbeat + " is excluded by schema.include.list/schema.exclude.list, so heartbeats will not "
                    + "reach Kafka and the slot may retain WAL while the selected tables are idle. Set "
                    + "heartbeat.table to a table in a captured schema."));
        }
        items.add(PrecheckItem.pass(TABLES, "selected tables", tables.selected().size() + " table(s) selected"));
    }

    private void checkIncludeListEntriesExist(SelectedTables tables) {
        String list = debeziumProps.get(TABLES);
        if (list == null || list.isBlank()) {
            return;
        }
        for (String entry : list.split(",")) {
            String regex = entry.trim();
            if (regex.isEmpty()) {
                continue;
            }
            try {
                Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
                boolean matches = tables.all().stream()
                        .anyMatch(t -> pattern.matcher(t.name().toString()).matches());
                boolean ferrysOwn = regex.equals(ferry.heartbeatTable().includeListPattern())
                        || regex.equals(ferry.ddlTable().includeListPattern())
                        || regex.equals(ferry.signalTable().includeListPattern());
                if (!matches && !ferrysOwn) {
                    // A pattern for tables to come, or a table renamed or dropped since: not an error, or
                    // neither could be saved.
                    items.add(PrecheckItem.warn(TABLES, "table exists", "table.include.list entry '" + regex
                            + "' matches no table in database " + debeziumProps.get("database.dbname")
                            + " yet; it selects such tables once they exist (with ddl.sync, from their creation). "
                            + "Correct the name (schema.table) if that is not what you meant."));
                }
            } catch (PatternSyntaxException e) {
                items.add(PrecheckItem.fail(TABLES, "table exists", "table.include.list entry '" + regex
                        + "' is not a valid regular expression: " + e.getDescription()));
            }
        }
    }

    private void checkReplicaIdentity(SourceTable table) {
        if (table.replicaIdentityFull()) {
            return;
        }
        if (ferry.replicaIdentityFull() && !table.ownedByCurrentUser()) {
            items.add(PrecheckItem.fail(FerrySourceConfig.REPLICA_IDENTITY_FULL, "replica identity",
                    "user '" + debeziumProps.get(USER) + "' does not own table " + table.name()
                            + " and cannot set REPLICA IDENTITY FULL on it. Have the owner run ALTER TABLE "
                            + table.name().quoted() + " REPLICA IDENTITY FULL, or set replica.identity.full=false."));
        } else if (!ferry.replicaIdentityFull() && table.replicaIdentity() == 'n') {
            items.add(PrecheckItem.fail(FerrySourceConfig.REPLICA_IDENTITY_FULL, "replica identity",
                    "table " + table.name() + " has REPLICA IDENTITY NOTHING, so its updates and deletes carry no "
                            + "key. Run ALTER TABLE " + table.name().quoted() + " REPLICA IDENTITY FULL, or set "
                            + "replica.identity.full=true."));
        }
    }

    private void checkPartitionConsistency(SelectedTables tables, SourceTable table, boolean publishViaRoot) {
        if (table.parent() != null && publishViaRoot && tables.isSelected(table.parent())) {
            items.add(PrecheckItem.fail(TABLES, "partitioned tables", "both partition " + table.name()
                    + " and its parent " + table.parent() + " are selected while publish.via.partition.root=true; "
                    + "its changes would be captured twice. Select only the parent."));
        }
        if (table.partitioned() && !publishViaRoot) {
            for (SourceTable partition : tables.all()) {
                if (table.name().equals(partition.parent()) && !tables.isSelected(partition.name())) {
                    items.add(PrecheckItem.fail(TABLES, "partitioned tables", "partitioned table " + table.name()
                            + " is selected but its partition " + partition.name() + " is not; with "
                            + "publish.via.partition.root=false changes are published per partition. Select every "
                            + "partition, or set publish.via.partition.root=true."));
                }
            }
        }
    }

    private void checkIdleFerrySlots(Connection connection) throws SQLException {
        String sql = "SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint "
                + "FROM pg_replication_slots WHERE slot_name LIKE 'ferry\\_%' AND NOT active AND restart_lsn IS NOT NULL";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                items.add(PrecheckItem.warn(FerrySourceConfig.SLOT_NAME, "inactive Ferry slot",
                        "replication slot " + rs.getString(1) + " is inactive and retains " + rs.getLong(2)
                                + " bytes of WAL. If no connector uses it any more, drop it with "
                                + "SELECT pg_drop_replication_slot('" + rs.getString(1) + "')."));
            }
        }
    }

    private void checkLongTransactions(Connection connection, String where) throws SQLException {
        String sql = "SELECT pid, usename, (now() - xact_start)::text FROM pg_stat_activity "
                + "WHERE xact_start < now() - interval '" + LONG_TRANSACTION + "' AND pid <> pg_backend_pid() "
                + "AND backend_type = 'client backend' ORDER BY xact_start";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                items.add(PrecheckItem.warn("snapshot.mode", "long-running transaction",
                        "transaction of backend pid " + rs.getInt(1) + " (user " + rs.getString(2) + ") on " + where
                                + " has been open for " + rs.getString(3) + "; creating the slot and the "
                                + "initial snapshot wait for it. End it or wait before starting."));
            }
        }
    }

    private static String value(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
