package dev.ferry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.FerryException;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.cli.rest.ConnectClient;
import dev.ferry.contract.DdlCommandTable;
import dev.ferry.contract.HeartbeatTable;
import dev.ferry.contract.MetadataPatterns;
import dev.ferry.contract.SignalTable;
import dev.ferry.contract.SourceObjectNames;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Drops what Ferry created on the source: the replication slot (which otherwise keeps WAL "
                + "forever), the publication, the heartbeat table, the DDL command table, event triggers and "
                + "signaling table.",
                "Delete the source connector first: an active slot cannot be dropped. Asks for confirmation unless --yes."},
        footer = {"", "Examples:", "  ferry cleanup -c source.json", "  ferry cleanup -c source.json --yes"})
public final class CleanupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The source connector config (JSON).")
    private List<Path> configs = new ArrayList<>();

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    private boolean yes;

    @Option(names = "--connect-url", defaultValue = "http://localhost:8083", description = "Kafka Connect REST URL, "
            + "asked whether a connector (even a stopped or paused one) still uses the slot (default ${DEFAULT-VALUE}).")
    private String connectUrl;

    @Override
    public Integer call() throws Exception {
        SourceSettings source = SourceSettings.from(ConfigFiles.source(configs));
        PrintWriter out = spec.commandLine().getOut();
        refuseSlotOfExistingConnector(source, out);
        try (Connection c = source.connect()) {
            refuseSlotOfAnotherConnector(c, source);
            List<String> statements = plan(c, source);
            if (statements.isEmpty()) {
                out.println("nothing to clean up on " + source.jdbcUrl());
                return 0;
            }
            out.println("On " + source.jdbcUrl() + " this will run:");
            statements.forEach(s -> out.println("  " + s + ";"));
            out.flush();
            if (!yes && !confirmed(out)) {
                out.println("cancelled; nothing changed");
                return 1;
            }
            try (Statement statement = c.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                throw new FerryException("cleanup stopped: " + e.getMessage(), e);
            }
            out.printf("cleaned up: %d object(s) dropped%n", statements.size());
            return 0;
        }
    }

    /**
     * A stopped or paused connector holds no walsender, so its slot looks unused, yet its offsets
     * point into it: dropping the slot would lose every change until it resumes.
     */
    private void refuseSlotOfExistingConnector(SourceSettings source, PrintWriter out) {
        JsonNode connectors;
        try {
            connectors = new ConnectClient(connectUrl).connectors();
        } catch (FerryException e) {
            out.println("note: could not ask Connect at " + connectUrl + " whether a connector still uses slot "
                    + source.slotName() + " (" + e.getMessage() + "); give --connect-url to check");
            return;
        }
        connectors.properties().forEach(entry -> {
            JsonNode config = entry.getValue().path("info").path("config");
            if (!config.has("database.hostname") || !config.has("topic.prefix")) {
                return;
            }
            String slot = SourceObjectNames.slotName(config.path("slot.name").asText(null),
                    config.path("topic.prefix").asText());
            if (slot.equals(source.slotName()) && config.path("database.dbname").asText("").equals(source.database())) {
                throw new FerryException("connector '" + entry.getKey() + "' in Connect at " + connectUrl + " ("
                        + entry.getValue().path("status").path("connector").path("state").asText("?")
                        + ") still uses replication slot " + source.slotName() + ": delete it first (curl -X DELETE "
                        + connectUrl.replaceAll("/$", "") + "/connectors/" + entry.getKey() + ")");
            }
        });
    }

    private static void refuseSlotOfAnotherConnector(Connection c, SourceSettings source) throws SQLException {
        String table = source.heartbeatTable();
        if (!exists(c, "SELECT to_regclass(?) IS NOT NULL", table)) {
            return;
        }
        try (PreparedStatement owner = c.prepareStatement(HeartbeatTable.ownerQuery(qualified(table)))) {
            owner.setString(1, source.slotName());
            try (ResultSet rs = owner.executeQuery()) {
                String prefix = rs.next() ? rs.getString(1) : null;
                if (prefix != null && !prefix.equals(source.topicPrefix())) {
                    throw new FerryException("replication slot " + source.slotName() + " belongs to the connector with "
                            + "topic.prefix '" + prefix + "' (its row in " + table + " says so), not to this config's '"
                            + source.topicPrefix() + "': run cleanup with that connector's config");
                }
            }
        }
    }

    private static List<String> plan(Connection c, SourceSettings source) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (PreparedStatement slot = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            slot.setString(1, source.slotName());
            try (ResultSet rs = slot.executeQuery()) {
                if (rs.next()) {
                    if (rs.getBoolean(1)) {
                        throw new FerryException("replication slot " + source.slotName() + " is in use: delete the "
                                + "source connector first (curl -X DELETE localhost:8083/connectors/NAME)");
                    }
                    statements.add("SELECT pg_drop_replication_slot('" + source.slotName().replace("'", "''") + "')");
                }
            }
        }
        if (exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", source.publicationName())) {
            statements.add("DROP PUBLICATION " + quote(source.publicationName()));
        }
        // Only this connector's event triggers: they are named after its slot.
        try (PreparedStatement triggers = c.prepareStatement("SELECT evtname FROM pg_event_trigger WHERE evtname LIKE ?")) {
            triggers.setString(1, MetadataPatterns.literal(source.slotName(), "\\") + "\\_%");
            try (ResultSet rs = triggers.executeQuery()) {
                while (rs.next()) {
                    statements.add("DROP EVENT TRIGGER " + quote(rs.getString(1)));
                }
            }
        }
        String heartbeat = source.heartbeatTable();
        String schema = heartbeat.contains(".") ? heartbeat.substring(0, heartbeat.indexOf('.')) : "public";
        if (exists(c, "SELECT to_regprocedure(?) IS NOT NULL", quote(schema) + "." + quote(
                DdlCommandTable.functionName(source.slotName())) + "()")) {
            statements.add("DROP FUNCTION " + quote(schema) + "." + quote(DdlCommandTable.functionName(source.slotName()))
                    + "()");
        }
        String signal = quote(schema) + "." + quote(SignalTable.name(source.slotName()));
        if (exists(c, "SELECT to_regclass(?) IS NOT NULL", signal)) {
            statements.add("DROP TABLE " + signal);
        }
        planShared(c, heartbeat, source, statements);
        planShared(c, schema + "." + DdlCommandTable.NAME, source, statements);
        return statements;
    }

    /**
     * The heartbeat and DDL command tables may be shared by several connectors (rows per slot):
     * drop this connector's rows, and the table only when no other connector's row is left.
     */
    private static void planShared(Connection c, String table, SourceSettings source, List<String> statements)
            throws SQLException {
        if (!exists(c, "SELECT to_regclass(?) IS NOT NULL", table)) {
            return;
        }
        boolean shared;
        try (PreparedStatement others = c.prepareStatement("SELECT count(*) FROM " + qualified(table)
                + " WHERE slot_name <> ?")) {
            others.setString(1, source.slotName());
            try (ResultSet rs = others.executeQuery()) {
                shared = rs.next() && rs.getLong(1) > 0;
            }
        }
        statements.add(shared ? "DELETE FROM " + qualified(table) + " WHERE slot_name = '"
                + source.slotName().replace("'", "''") + "'" : "DROP TABLE " + qualified(table));
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && !Boolean.FALSE.equals(rs.getObject(1));
            }
        }
    }

    private boolean confirmed(PrintWriter out) throws Exception {
        out.print("Type 'yes' to continue: ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return "yes".equalsIgnoreCase(answer == null ? "" : answer.trim());
    }

    private static String qualified(String table) {
        List<String> parts = new ArrayList<>();
        for (String part : table.split("\\.")) {
            parts.add(quote(part));
        }
        return String.join(".", parts);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
