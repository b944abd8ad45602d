package dev.ferry.cli.commands;

import dev.ferry.cli.rest.ConnectClient;
import dev.ferry.cli.status.DataSize;
import dev.ferry.cli.status.JsonStatusRenderer;
import dev.ferry.cli.status.StatusCollector;
import dev.ferry.cli.status.StatusReport;
import dev.ferry.cli.status.StatusWatch;
import dev.ferry.cli.status.TextStatusRenderer;
import dev.ferry.cli.status.Thresholds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows every connector of a Connect cluster: task states and recent errors; for sources the "
                + "snapshot state per table, WAL retained by the replication slot and heartbeat latency; for sinks the "
                + "consumer lag per topic and how long the oldest unapplied record has waited.",
                "Exit codes: 0 healthy, 1 the status could not be read, 2 usage error, 3 a connector or task FAILED, "
                + "4 a sink task in its retry window (needs --jmx-url), 5 latency above --max-latency, "
                + "6 retained WAL above --max-retained-wal; when several fire, the lowest."},
        footer = {"", "Examples:", "  ferry status", "  ferry status --connect-url http://connect:8083 --bootstrap-server kafka:9092",
                "  ferry status --json --max-latency 5m --max-retained-wal 10GB", "  ferry status --watch=5"})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--connect-url", defaultValue = "http://localhost:8083", description = "Kafka Connect REST URL "
            + "(default ${DEFAULT-VALUE}).")
    private String connectUrl;

    @Option(names = "--bootstrap-server", defaultValue = "localhost:9092", description = "Kafka bootstrap servers "
            + "(default ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    @Option(names = "--json", description = "Print one JSON document (field names in the README) instead of text.")
    private boolean json;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "2", paramLabel = "seconds", description = "Refresh "
            + "every <seconds> (default 2) until Ctrl-C; in place on a terminal.")
    private Integer watchSeconds;

    @Option(names = "--max-latency", paramLabel = "duration", description = "Alert (exit 5) when a sink's oldest "
            + "unapplied record has waited longer, or a source's heartbeat took longer from commit to Kafka: 30s, 5m, 1h.")
    private Duration maxLatency;

    @Option(names = "--max-retained-wal", paramLabel = "size", converter = SizeConverter.class, description = "Alert (exit 6) when a source's "
            + "replication slot retains more WAL: 512MB, 10GB.")
    private Long maxRetainedWalBytes;

    @Option(names = "--jmx-url", paramLabel = "host:port", description = "A worker's JMX (host:port or a service:jmx: "
            + "URL), repeatable, one per worker: shows sink tasks retrying in their retry window (exit 4), which the "
            + "REST API cannot show.")
    private List<String> jmxUrls = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Thresholds thresholds = new Thresholds(maxLatency, maxRetainedWalBytes);
        try (StatusCollector collector = new StatusCollector(new ConnectClient(connectUrl), bootstrapServers, jmxUrls,
                Clock.systemUTC())) {
            if (watchSeconds != null) {
                // A terminal gets the in-place refresh; a pipe or file gets the frames one after another.
                new StatusWatch(out, System.console() != null, Duration.ofSeconds(Math.max(1, watchSeconds)),
                        d -> Thread.sleep(d.toMillis())).run(() -> frame(collector, thresholds));
                return 0;
            }
            StatusReport report = collector.collect(thresholds);
            out.print(render(report));
            out.flush();
            return report.exitCode();
        }
    }

    /** One refresh of --watch: an unreachable worker is shown and retried, not the end of the watch. */
    private String frame(StatusCollector collector, Thresholds thresholds) {
        try {
            return render(collector.collect(thresholds));
        } catch (RuntimeException e) {
            return "ferry status: " + e.getMessage() + System.lineSeparator();
        }
    }

    private String render(StatusReport report) {
        if (json) {
            return JsonStatusRenderer.render(report) + System.lineSeparator();
        }
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text);
        writer.printf("ferry status at %s%n", report.time());
        TextStatusRenderer.render(report, writer);
        writer.flush();
        return text.toString();
    }

    /** Sizes such as 512MB: a bad one is a usage error (exit 2) naming the option, not a failed run. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return DataSize.parse(value);
        }
    }
}
