package dev.ferry.cli.verify;

import dev.ferry.cli.FerryException;
import dev.ferry.cli.config.SinkSettings;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.contract.DdlCommandTable;
import dev.ferry.contract.SignalTable;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructureReader;
import dev.ferry.sink.config.TableNameFormat;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.Dialects;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.structure.StructureComparison;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Verifies (and optionally repairs) every selected table of a source against one sink's target. */
public final class Verification {

    private final SourceSettings source;
    private final SinkSettings sink;
    private final TransformChain transforms;
    private final int chunkSize;
    private final int maxDifferencesShown;
    private final boolean showProgress;

    public Verification(SourceSettings source, SinkSettings sink, TransformChain transforms, int chunkSize,
            int maxDifferencesShown, boolean showProgress) {
        this.source = source;
        this.sink = sink;
        this.transforms = transforms;
        this.chunkSize = chunkSize;
        this.maxDifferencesShown = maxDifferencesShown;
        this.showProgress = showProgress;
    }

    /** Returns true when every table is equal (after repair, when asked to repair). */
    public boolean run(List<String> tables, boolean repair, PrintWriter out) throws SQLException {
        return run(tables, repair, false, out);
    }

    /**
     * Returns true when every table is equal (after repair, when asked to repair), and with
     * {@code schema} has the structure schema sync gives it.
     */
    public boolean run(List<String> tables, boolean repair, boolean schema, PrintWriter out) throws SQLException {
        if (repair && !transforms.repairBlockers().isEmpty()) {
            throw new FerryException("refusing --repair: " + String.join("; ", transforms.repairBlockers())
                    + ". A repair rewrites rows with the source's values and could undo what these transforms do; "
                    + "verify without --repair, or repair with a config whose transforms verify follows");
        }
        try (Connection src = source.connect(); Connection tgt = sink.connect()) {
            List<String> selected = tables.isEmpty() ? selectedTables(src) : tables;
            if (selected.isEmpty()) {
                throw new FerryException("no tables to verify: the source config has no table.include.list; name "
                        + "tables with --table");
            }
            int unequal = 0;
            long differences = 0;
            for (String table : selected) {
                TableMapping mapping = transforms.map(table, TableShape.read(src, table, false).columns(), sink);
                mapping.notes().forEach(note -> out.println("note: " + note));
                if (schema) {
                    List<String> structure = structureDifferences(src, tgt, table);
                    reportStructure(mapping, structure, out);
                    if (!structure.isEmpty()) {
                        unequal++;
                        differences += structure.size();
                    }
                }
                TableResult result = verify(src, tgt, mapping);
                report(result, out);
                if (!result.equal() && repair && result.missingColumns().isEmpty()) {
                    int changed = new TableRepairer(src, tgt, sink.isMySql()).repair(result, mapping);
                    out.printf("  repaired: %d row(s) rewritten from the source; verifying again%n", changed);
                    result = verify(src, tgt, mapping);
                    report(result, out);
                }
                if (!result.equal()) {
                    unequal++;
                    differences += result.differences().size();
                }
            }
            if (unequal == 0) {
                out.printf("verification passed: %d table(s) equal%n", selected.size());
            } else {
                out.printf("verification failed: %d difference(s) in %d of %d table(s)%s%n", differences, unequal,
                        selected.size(), repair ? "" : "; --repair rewrites them from the source");
            }
            out.flush();
            return unequal == 0;
        }
    }

    /** How the target table differs from the structure schema sync gives it (names followed through the transforms). */
    private List<String> structureDifferences(Connection src, Connection tgt, String table) throws SQLException {
        String[] parts = table.split("\\.", 2);
        TableStructure read = parts.length == 2 ? TableStructureReader.read(src, parts[0], parts[1], warning -> { })
                : null;
        if (read == null) {
            return List.of("source table " + table + " does not exist");
        }
        TableStructure structure = transforms.rename(read);
        Dialect dialect = Dialects.forConfig(sink.url(), null);
        TableId target = new TableNameFormat(sink.tableNameFormat()).target(
                new TableId(structure.schema(), structure.table()), source.topicPrefix() + "." + table);
        return new StructureComparison(dialect).differences(tgt, target, structure);
    }

    private static void reportStructure(TableMapping mapping, List<String> differences, PrintWriter out) {
        String head = mapping.sourceTable() + " -> " + mapping.targetTable() + ": ";
        if (differences.isEmpty()) {
            out.println(head + "structure equal");
            return;
        }
        out.printf("%sstructure: %d difference(s)%n", head, differences.size());
        differences.forEach(d -> out.println("  " + d));
    }

    private TableResult verify(Connection src, Connection tgt, TableMapping mapping) throws SQLException {
        String table = mapping.sourceTable();
        TableVerifier verifier = new TableVerifier(src, tgt, sink.isMySql(), chunkSize);
        if (!showProgress) {
            return verifier.verify(mapping, rows -> { });
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("verify " + table).setInitialMax(estimate(src, table))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).continuousUpdate().build()) {
            TableResult result = verifier.verify(mapping, bar::stepTo);
            bar.maxHint(result.sourceRows());
            bar.stepTo(result.sourceRows());
            return result;
        }
    }

    private static long estimate(Connection src, String table) {
        try (PreparedStatement statement = src.prepareStatement(
                "SELECT greatest(reltuples::bigint, 0) FROM pg_class WHERE oid = to_regclass(?)")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Math.max(rs.getLong(1), 1) : 1;
            }
        } catch (SQLException e) {
            return 1;
        }
    }

    private void report(TableResult result, PrintWriter out) {
        result.notes().forEach(note -> out.println("note: " + note));
        String head = result.sourceTable() + " -> " + result.targetTable() + ": ";
        if (!result.missingColumns().isEmpty()) {
            out.println(head + "target lacks column(s) " + result.missingColumns());
            return;
        }
        if (result.equal()) {
            out.printf("%sequal (%d rows, %d key range(s))%n", head, result.sourceRows(), result.ranges().size());
            return;
        }
        out.printf("%s%d difference(s): %d rows in source, %d in target, %d of %d key range(s) differ%n", head,
                result.differences().size(), result.sourceRows(), result.targetRows(), result.differingRanges(),
                result.ranges().size());
        result.differences().stream().limit(maxDifferencesShown)
                .forEach(d -> out.printf("  %s: key %s%n", d.kind().label(), d.keyText()));
        if (result.differences().size() > maxDifferencesShown) {
            out.printf("  … and %d more%n", result.differences().size() - maxDifferencesShown);
        }
    }

    private List<String> selectedTables(Connection src) throws SQLException {
        return selectedTables(src, source);
    }

    /** The source's table.include.list, with regex entries matched against the source's tables. */
    public static List<String> selectedTables(Connection src, SourceSettings source) throws SQLException {
        List<String> tables = new ArrayList<>();
        Pattern regex = Pattern.compile(".*[*+?\\[\\](){}|^$\\\\].*");
        List<String> all = null;
        for (String entry : source.tables()) {
            if (!regex.matcher(entry).matches()) {
                tables.add(entry);
                continue;
            }
            if (all == null) {
                all = allTables(src);
            }
            Pattern pattern = Pattern.compile(entry);
            all.stream().filter(t -> pattern.matcher(t).matches()).forEach(tables::add);
        }
        String heartbeat = source.heartbeatTable();
        // The DDL command table lives beside the heartbeat table; neither is replicated as a table.
        String schema = heartbeat.contains(".") ? heartbeat.substring(0, heartbeat.indexOf('.')) : "public";
        String ddlTable = schema + "." + DdlCommandTable.NAME;
        String signalTable = schema + "." + SignalTable.name(source.slotName());
        tables.removeIf(t -> t.equals(heartbeat) || t.equals(ddlTable) || t.equals(signalTable));
        return tables;
    }

    private static List<String> allTables(Connection src) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = src.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                        + "AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
