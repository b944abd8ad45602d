package dev.ferry.benchmarks;

import dev.ferry.benchmarks.workload.ApplyInputs;
import dev.ferry.benchmarks.workload.ApplyWorkload;
import dev.ferry.benchmarks.workload.DrainWorkload;
import dev.ferry.benchmarks.workload.LatencyWorkload;
import dev.ferry.benchmarks.workload.SnapshotWorkload;
import dev.ferry.benchmarks.workload.SourceTable;
import dev.ferry.benchmarks.workload.Workload;
import dev.ferry.contract.WorkerJvmOptions;
import dev.ferry.testsupport.ExternalConnectWorker;
import dev.ferry.testsupport.SchemaRegistryExtension;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmarks/run}: every workload, for each worker heap, with the database's ceiling and
 * each contender measured in the same run; prints the table and writes the JSON.
 */
@Command(name = "benchmarks/run", mixinStandardHelpOptions = true,
        description = "Ferry side by side with Debezium 3.4 and the database's own ceiling, on this machine.")
public final class BenchmarkCommand implements Callable<Integer> {

    static final List<String> ALL_WORKLOADS = List.of("snapshot-accounts", "snapshot-wide", "drain-inserts", "drain-tpcb",
            "apply-postgres-inserts", "apply-postgres-mix", "apply-mariadb-inserts", "apply-mariadb-mix", "latency-500",
            "latency-2000");
    /**
     * Not in the default run: the Ferry sink at {@code tasks.max} 1, 2 and 4 over one 4-partition
     * topic of the apply size, into PostgreSQL (the README's scale-out numbers).
     */
    static final List<String> SCALE_OUT_WORKLOADS = List.of("scale-out-postgres-1", "scale-out-postgres-2",
            "scale-out-postgres-4");

    @Option(names = "--smoke", description = "Every workload on 10,000 rows and 5 s of latency load at 100 and 200 TPS, "
            + "Debezium only in the first workload of each kind: proves the benchmarks work (CI runs it), measures "
            + "nothing worth recording.")
    boolean smoke;

    @Option(names = "--workloads", split = ",", description = "Workloads to run (default: all): ${COMPLETION-CANDIDATES}",
            completionCandidates = WorkloadNames.class)
    List<String> workloads = ALL_WORKLOADS;

    @Option(names = "--contenders", split = ",", defaultValue = "ferry,debezium", description = "ferry, debezium or both.")
    List<String> contenders;

    @Option(names = "--heap", split = ",", defaultValue = "2g,512m", description = "Connect worker -Xmx values; "
            + "every workload runs once per value (default: ${DEFAULT-VALUE}).")
    List<String> heaps;

    @Option(names = "--formats", split = ",", defaultValue = "json", description = "How records are written to Kafka: "
            + "json (Kafka's JsonConverter format with schemas), avro (Confluent's wire format against a schema "
            + "registry this run starts: Ferry's SchemaCachingAvroConverter, Apicurio's AvroConverter for Debezium), or both; every workload runs once per format (default: ${DEFAULT-VALUE}). Avro results "
            + "are named 'workload (avro)'.")
    List<WireFormat> formats;

    @Option(names = "--scale", defaultValue = "1.0", description = "Multiplies every row count (snapshot 2M and 500k, "
            + "drain 500k, apply 1M).")
    double scale;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Duration of each latency load.")
    int latencySeconds;

    @Option(names = "--override", description = "A connector setting for an experiment, as contender.source|sink.key=value "
            + "(repeatable), e.g. ferry.source.poll.interval.ms=500. Record it with the results.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--jfr", description = "Record a JFR profile of every worker into its directory under --work-dir.")
    boolean jfr;

    @Option(names = "--jvm-option", description = "An extra JVM option for every worker, both contenders (repeatable), "
            + "after Ferry's recommended ones (WorkerJvmOptions), e.g. -XX:PerMethodRecompilationCutoff=2 to force "
            + "deoptimization storms. Record it with the results.")
    List<String> workerJvmOptions = new ArrayList<>();

    @Option(names = "--work-dir", description = "Where workers keep their logs and profiles (default: a new temporary directory).")
    Path workDir;

    @Option(names = "--output", defaultValue = "benchmarks/target/benchmark-results.json", description = "The JSON results file.")
    Path output;

    private Report report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        defaultSystemProperty(ExternalConnectWorker.CLASSPATH_FILE_PROPERTY, "test-worker/target/worker.classpath");
        defaultRegistryJar();
        Map<String, Path> pluginPaths = Map.of(
                Measurement.FERRY, existing(System.getProperty("ferry.plugin.path", "plugin-archive/target/plugins")),
                Measurement.DEBEZIUM, existing(System.getProperty("debezium.plugin.path", "benchmarks/debezium-plugins/target/plugins")));
        Path dir = workDir != null ? workDir : Files.createTempDirectory("ferry-benchmarks");
        List<String> jvmOptions = new ArrayList<>(workerJvmOptions);
        if (jfr) {
            jvmOptions.add("-XX:StartFlightRecording=filename=" + dir.resolve("{name}.jfr") + ",settings=profile");
            // Debug information at every compiled instruction, not only at safepoints: a sample is then
            // charged to the inlined method it fell in. Without it, two profiles of the same payload
            // differed by ten points on single methods (benchmarks/RESULTS.md, "Envelopes validated once").
            jvmOptions.add("-XX:+UnlockDiagnosticVMOptions");
            jvmOptions.add("-XX:+DebugNonSafepoints");
        }
        List<Measurement> results = new ArrayList<>();
        Instant started = Instant.now();
        try (Lab lab = new Lab(dir, pluginPaths, jvmOptions).start()) {
            overrides.forEach(lab::override);
            for (WireFormat format : formats) {
                lab.format(format);
                for (String heap : heaps) {
                    lab.heap(heap);
                    // The apply workloads' input is written in the format too.
                    ApplyInputs inputs = new ApplyInputs();
                    try {
                        for (Workload workload : workloads(inputs)) {
                            System.out.printf("== %s (worker -Xmx%s)%n", format.label(workload.name()), heap);
                            List<Measurement> measured = workload.run(lab).stream()
                                    .map(m -> m.named(format.label(m.workload()))).toList();
                            results.addAll(measured);
                            System.out.print(new Report(measured).table());
                        }
                    } finally {
                        inputs.drop(lab);
                    }
                }
            }
        }
        report = new Report(results);
        System.out.println();
        System.out.print(report.table());
        Map<String, String> run = new LinkedHashMap<>();
        run.put("started", started.toString());
        run.put("seconds", Long.toString(java.time.Duration.between(started, Instant.now()).toSeconds()));
        run.put("commit", commit());
        run.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / (1L << 30)
                + " GiB, " + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version"));
        run.put("smoke", Boolean.toString(smoke));
        run.put("overrides", String.join(" ", overrides));
        // Every worker starts with Ferry's recommended options (ExternalConnectWorker), then these.
        List<String> jvm = new ArrayList<>(WorkerJvmOptions.JIT);
        jvm.addAll(workerJvmOptions);
        run.put("workerJvmOptions", String.join(" ", jvm));
        run.put("formats", formats.stream().map(WireFormat::toString).collect(java.util.stream.Collectors.joining(",")));
        report.writeJson(output, run);
        System.out.println("results: " + output.toAbsolutePath());
        return 0;
    }

    /** The results of the last {@link #call()}. */
    Report report() {
        return report;
    }

    List<Workload> workloads(ApplyInputs inputs) {
        long accounts = rows(2_000_000);
        long wide = rows(500_000);
        long drain = rows(500_000);
        long apply = rows(1_000_000);
        int seconds = smoke ? 5 : latencySeconds;
        // A smoke run proves Debezium's harness once per kind of workload; its variants run Ferry alone.
        List<String> variants = smoke ? contenders.stream().filter(Measurement.FERRY::equals).toList() : contenders;
        List<Workload> all = List.of(
                new SnapshotWorkload("snapshot-accounts", SourceTable.accounts("pgbench_accounts"), accounts, contenders),
                new SnapshotWorkload("snapshot-wide", SourceTable.wide("wide_rows"), wide, variants),
                new DrainWorkload("drain-inserts", DrainWorkload.Kind.INSERTS, drain, contenders),
                new DrainWorkload("drain-tpcb", DrainWorkload.Kind.TPCB, drain, variants),
                new ApplyWorkload("apply-postgres-inserts", ApplyWorkload.Target.POSTGRES, ApplyInputs.Mix.INSERTS, apply, inputs, contenders),
                new ApplyWorkload("apply-postgres-mix", ApplyWorkload.Target.POSTGRES, ApplyInputs.Mix.UPDATES_AND_DELETES, apply, inputs, variants),
                new ApplyWorkload("apply-mariadb-inserts", ApplyWorkload.Target.MARIADB, ApplyInputs.Mix.INSERTS, apply, inputs, contenders),
                new ApplyWorkload("apply-mariadb-mix", ApplyWorkload.Target.MARIADB, ApplyInputs.Mix.UPDATES_AND_DELETES, apply, inputs, variants),
                new LatencyWorkload("latency-500", smoke ? 100 : 500, seconds, contenders),
                new LatencyWorkload("latency-2000", smoke ? 200 : 2000, seconds, variants),
                scaleOut(1, apply, inputs), scaleOut(2, apply, inputs), scaleOut(4, apply, inputs));
        for (String name : workloads) {
            if (all.stream().noneMatch(w -> w.name().equals(name))) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown workload '" + name + "'; known: "
                        + new WorkloadNames());
            }
        }
        return all.stream().filter(w -> workloads.contains(w.name())).toList();
    }

    private ApplyWorkload scaleOut(int tasks, long events, ApplyInputs inputs) {
        return new ApplyWorkload("scale-out-postgres-" + tasks, ApplyWorkload.Target.POSTGRES,
                ApplyInputs.Mix.PARTITIONED_INSERTS, events, inputs, List.of(Measurement.FERRY), tasks);
    }

    private long rows(long full) {
        return smoke ? 10_000 : Math.max(1, Math.round(full * scale));
    }

    private static void defaultSystemProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, Path.of(value).toAbsolutePath().toString());
        }
    }

    /** The registry an Avro run starts: the test-registry module's runner jar, unless the property names one. */
    private static void defaultRegistryJar() {
        if (System.getProperty(SchemaRegistryExtension.JAR_PROPERTY) != null) {
            return;
        }
        try (var files = Files.list(Path.of("test-registry/target"))) {
            files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .ifPresent(jar -> System.setProperty(SchemaRegistryExtension.JAR_PROPERTY, jar.toAbsolutePath().toString()));
        } catch (IOException notBuilt) {
            // Only an Avro run needs it; the registry then fails naming the property and how to build it.
        }
    }

    private static Path existing(String path) {
        Path dir = Path.of(path).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist: build first (benchmarks/run does: mvn -pl benchmarks -am install -DskipTests)");
        }
        return dir;
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    static final class WorkloadNames extends ArrayList<String> {
        WorkloadNames() {
            super(ALL_WORKLOADS);
            addAll(SCALE_OUT_WORKLOADS);
        }
    }
}
