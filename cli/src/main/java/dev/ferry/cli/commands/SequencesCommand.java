package dev.ferry.cli.commands;

import dev.ferry.cli.config.SinkSettings;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.contract.DdlCommandTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sequences", mixinStandardHelpOptions = true,
        description = {"Cutover help: moves the target's sequences to the source's current values, so inserts on the "
                + "target after cutover do not collide with replicated rows.",
                "PostgreSQL targets: setval() per source sequence of the replicated schemas. MySQL targets: the "
                        + "AUTO_INCREMENT of each table whose column owns a source sequence. Sequences only move forward."},
        footer = {"", "Examples:", "  ferry sequences -c source.json -c sink.json --dry-run",
                "  ferry sequences -c source.json -c sink.json --margin 1000"})
public final class SequencesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The source and the sink connector config (JSON).")
    private List<Path> configs = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the statements without running them.")
    private boolean dryRun;

    @Option(names = "--margin", defaultValue = "0", description = "Add this much to every value, leaving room for "
            + "writes still in flight (default ${DEFAULT-VALUE}).")
    private long margin;

    /** A source sequence, and the table column that owns it (if any). */
    private record SourceSequence(String schema, String name, long lastValue, String table, String column) {
    }

    @Override
    public Integer call() throws Exception {
        SourceSettings source = SourceSettings.from(ConfigFiles.source(configs));
        SinkSettings sink = SinkSettings.from(ConfigFiles.sink(configs), source.topicPrefix());
        PrintWriter out = spec.commandLine().getOut();
        List<String> statements = new ArrayList<>();
        try (Connection src = source.connect()) {
            for (SourceSequence sequence : sequences(src)) {
                long next = sequence.lastValue() + margin;
                if (!sink.isMySql()) {
                    String target = sink.targetTable(sequence.schema(), sequence.name());
                    statements.add("SELECT setval('" + quotedName(target).replace("'", "''") + "', greatest(" + next
                            + ", (SELECT last_value FROM " + quotedName(target) + ")))");
                } else if (sequence.table() != null) {
                    String target = sink.targetTable(sequence.schema(), sequence.table());
                    statements.add("ALTER TABLE " + mysqlName(target) + " AUTO_INCREMENT = " + (next + 1));
                }
            }
        }
        if (statements.isEmpty()) {
            out.println("no sequences to move");
            return 0;
        }
        if (dryRun) {
            statements.forEach(s -> out.println(s + ";"));
            out.printf("dry run: %d statement(s) not executed%n", statements.size());
            return 0;
        }
        try (Connection tgt = sink.connect(); Statement statement = tgt.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
                out.println(sql + ";");
            }
        }
        out.printf("moved %d sequence(s) on the target%n", statements.size());
        return 0;
    }

    private static List<SourceSequence> sequences(Connection src) throws Exception {
        List<SourceSequence> sequences = new ArrayList<>();
        String sql = "SELECT s.schemaname, s.sequencename, coalesce(s.last_value, s.start_value - 1), t.relname, a.attname "
                + "FROM pg_sequences s "
                + "JOIN pg_class c ON c.relname = s.sequencename "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname "
                + "LEFT JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
                + "LEFT JOIN pg_class t ON t.oid = d.refobjid "
                + "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
                + "WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema') "
                // The DDL command table's key is Ferry's own, never replicated.
                + "AND t.relname IS DISTINCT FROM '" + DdlCommandTable.NAME + "' ORDER BY 1, 2";
        try (Statement statement = src.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                sequences.add(new SourceSequence(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
        return sequences;
    }

    private static String quotedName(String qualified) {
        List<String> parts = new ArrayList<>();
        for (String part : qualified.split("\\.")) {
            parts.add("\"" + part.replace("\"", "\"\"") + "\"");
        }
        return String.join(".", parts);
    }

    private static String mysqlName(String qualified) {
        List<String> parts = new ArrayList<>();
        for (String part : qualified.split("\\.")) {
            parts.add("`" + part.replace("`", "``") + "`");
        }
        return String.join(".", parts);
    }
}
