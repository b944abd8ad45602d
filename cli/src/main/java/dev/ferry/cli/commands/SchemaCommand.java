package dev.ferry.cli.commands;

import dev.ferry.cli.FerryException;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.cli.verify.TransformChain;
import dev.ferry.cli.verify.Verification;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.ForeignKey;
import dev.ferry.contract.structure.TableStructureReader;
import dev.ferry.sink.config.SinkConfig;
import dev.ferry.sink.config.TableNameFormat;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.Dialects;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.structure.SchemaSyncLedger;
import dev.ferry.sink.structure.StructureApplier;
import dev.ferry.sink.structure.StructureApplier.Plan;
import dev.ferry.sink.table.TableManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Schema sync on demand: reads the selected tables' structure from the source and prints (with "
                + "--dry-run) or runs the DDL that Ferry's sink runs from its schema records on the target, with the "
                + "translation warnings.",
                "The same code as the sink: names follow table.name.format and the RenameObjects transforms of "
                        + "both configs, existing tables get their missing columns, schema.conflict.mode applies."},
        footer = {"", "Examples:", "  ferry schema -c source.json -c sink.json --dry-run",
                "  ferry schema -c source.json -c sink.json"})
public final class SchemaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The source and the sink connector config (JSON).")
    private List<Path> configs = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the statements without running them.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Map<String, String> sourceConfig = ConfigFiles.source(configs);
        Map<String, String> sinkConfig = ConfigFiles.sink(configs);
        SourceSettings source = SourceSettings.from(sourceConfig);
        SinkConfig sink = new SinkConfig(sinkConfig);
        TransformChain transforms = TransformChain.of(sourceConfig, sinkConfig);
        Dialect dialect = Dialects.forConfig(sink.connectionUrl(), sink.dialectName());
        String format = sink.tableNameFormat();
        TableNameFormat names = new TableNameFormat(format.isBlank() ? dialect.defaultTableNameFormat() : format);
        StructureApplier applier = new StructureApplier(dialect, new TableManager(dialect, false, false),
                new SchemaSyncLedger(dialect, sinkConfig.getOrDefault("name", "ferry-sink")), sink.schemaConflictMode(),
                sink.primaryKeyMode() == SinkConfig.PrimaryKeyMode.RECORD_KEY);
        PrintWriter out = spec.commandLine().getOut();
        List<String> warnings = new ArrayList<>();
        int statements = 0;
        try (Connection src = source.connect();
                Connection target = dialect.connect(sink.connectionUrl(), sink.connectionUser(),
                        sink.connectionPassword())) {
            if (target == null) {
                throw new FerryException("the " + dialect.name() + " driver does not accept " + sink.displayUrl());
            }
            List<String> tables = Verification.selectedTables(src, source);
            if (tables.isEmpty()) {
                throw new FerryException("no tables: the source config has no table.include.list");
            }
            for (String qualified : tables) {
                String[] parts = qualified.split("\\.", 2);
                TableStructure read = TableStructureReader.read(src, parts[0], parts[1], warnings::add);
                if (read == null) {
                    warnings.add("source table " + qualified + " does not exist");
                    continue;
                }
                TableStructure structure = transforms.rename(read);
                String topic = source.topicPrefix() + "." + qualified;
                TableId targetTable = names.target(new TableId(structure.schema(), structure.table()), topic);
                if (dryRun) {
                    List<String> later = new ArrayList<>(dialect.structureDdl().deferredIndexes(target, targetTable,
                            structure));
                    later.addAll(foreignKeys(dialect, structure, targetTable, names, topic));
                    statements += print(out, qualified, applier.plan(target, targetTable, structure), later, warnings);
                } else {
                    target.setAutoCommit(false);
                    applier.apply(target, targetTable, structure, t -> names.target(t, topic), true, false, null);
                    target.commit();
                    out.printf("%s → %s: in place%n", qualified, targetTable);
                }
            }
        }
        warnings.forEach(w -> out.println("-- warning: " + w));
        if (dryRun) {
            out.printf("dry run: %d statement(s) for %s not executed%n", statements, dialect.name());
        }
        return 0;
    }

    /** {@code later}: what the sink builds once the full sync is over (secondary indexes, foreign keys). */
    private static int print(PrintWriter out, String source, Plan plan, List<String> later, List<String> warnings) {
        out.printf("-- %s → %s (%s)%n", source, plan.target(), plan.created() ? "create" : "exists: align");
        plan.statements().forEach(sql -> out.println(sql + ";"));
        later.forEach(sql -> out.println(sql + "; -- after the full sync"));
        warnings.addAll(plan.warnings());
        return plan.statements().size() + later.size();
    }

    private static List<String> foreignKeys(Dialect dialect, TableStructure structure, TableId target,
            TableNameFormat names, String topic) {
        List<String> statements = new ArrayList<>();
        for (ForeignKey key : structure.foreignKeys()) {
            TableId referenced = names.target(new TableId(key.referencedSchema(), key.referencedTable()), topic);
            statements.add(dialect.structureDdl().addForeignKey(target, key, referenced));
        }
        return statements;
    }
}
