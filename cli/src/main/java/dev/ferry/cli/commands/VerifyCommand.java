package dev.ferry.cli.commands;

import dev.ferry.cli.config.SinkSettings;
import dev.ferry.cli.config.SourceSettings;
import dev.ferry.cli.kafka.SinkCatchUp;
import dev.ferry.cli.verify.TransformChain;
import dev.ferry.cli.verify.Verification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compares source and target tables row by row: counts and checksums per primary-key range,"
                + " values normalized so PostgreSQL and MySQL compare correctly, and the keys that differ.",
                "Connection details and table names come from the connector configs (${VAR} placeholders are read from"
                        + " the environment). Ferry's transforms in either config are followed: renamed tables and"
                        + " columns are compared under their new names, and only the rows FilterRows lets through"
                        + " are expected in the target."},
        footer = {"", "Examples:", "  ferry verify -c config-examples/source-postgres.json -c config-examples/sink-mysql.json",
                "  ferry verify -c source.json -c sink.json --table public.orders --repair",
                "  ferry verify -c source.json -c sink.json --bootstrap-server kafka:9092 --sink-name orders-sink"})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The source and the sink connector config (JSON).")
    private List<Path> configs = new ArrayList<>();

    @Option(names = "--table", description = "A source table (schema.table) to verify; default: the source's "
            + "table.include.list.")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--repair", description = "Rewrite differing rows in the target from the source, then verify again.")
    private boolean repair;

    @Option(names = "--chunk-size", defaultValue = "10000", description = "Rows per key range (default ${DEFAULT-VALUE}).")
    private int chunkSize;

    @Option(names = "--max-diffs", defaultValue = "20", description = "Differing keys listed per table (default "
            + "${DEFAULT-VALUE}).")
    private int maxDiffs;

    @Option(names = "--schema", description = "Also compare each table's structure with what schema sync gives it: "
            + "columns and their types after translation, the primary key, and on PostgreSQL targets NOT NULL, "
            + "indexes, checks and foreign keys.")
    private boolean schema;

    @Option(names = "--no-progress", description = "No progress bars (for logs).")
    private boolean noProgress;

    @Option(names = "--bootstrap-server", defaultValue = "localhost:9092", description = "Kafka bootstrap servers, to "
            + "check first that the sink has applied every record (default ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    @Option(names = "--sink-name", description = "The sink connector's name in Connect, whose consumer lag is checked "
            + "(default: the name in the sink config file).")
    private String sinkName;

    @Override
    public Integer call() throws Exception {
        Map<String, String> sourceConfig = ConfigFiles.source(configs);
        Map<String, String> sinkConfig = ConfigFiles.sink(configs);
        SourceSettings source = SourceSettings.from(sourceConfig);
        SinkSettings sink = SinkSettings.from(sinkConfig, source.topicPrefix());
        spec.commandLine().getOut().println(SinkCatchUp.describe(bootstrapServers,
                sinkName != null ? sinkName : sinkConfig.get("name")));
        boolean equal = new Verification(source, sink, TransformChain.of(sourceConfig, sinkConfig), chunkSize, maxDiffs,
                !noProgress)
                .run(tables, repair, schema, spec.commandLine().getOut());
        return equal ? 0 : 1;
    }
}
