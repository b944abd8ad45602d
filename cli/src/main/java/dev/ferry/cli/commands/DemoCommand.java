package dev.ferry.cli.commands;

import dev.ferry.cli.demo.Demo;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A complete Ferry pipeline on this machine, thrown away afterwards: a PostgreSQL source with a "
                + "sample shop schema and a live write load, PostgreSQL and MariaDB targets, Kafka and Kafka Connect "
                + "(REST on localhost:8083) with Ferry's plugins, and the connectors from config-examples/.",
                "Shows snapshot progress per table, then live throughput and end-to-end latency. Ctrl-C (or the end of "
                        + "--duration) stops the load, verifies both targets against the source, prints the result "
                        + "and removes everything.",
                "The first run fetches the PostgreSQL and MariaDB binaries (about 160 MB) from Maven Central into the "
                        + "local Maven repository (~/.m2/repository); FERRY_MAVEN_REPOSITORY names a mirror, "
                        + "FERRY_MAVEN_LOCAL another local repository."},
        footer = {"", "Examples:", "  ferry demo", "  ferry demo --rows 1000000", "  ferry demo --duration 60s --rest-port 18083"})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", defaultValue = "100000", description = "Orders in the source before the snapshot "
            + "(default ${DEFAULT-VALUE}).")
    private int rows;

    @Option(names = "--rate", defaultValue = "200", description = "Live writes per second (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", description = "Run the live phase this long (e.g. 30s, 5m) instead of until Ctrl-C.")
    private Duration duration;

    @Mixin
    private LocalPorts ports;

    @Override
    public Integer call() throws Exception {
        Demo demo = new Demo(spec.commandLine().getOut(), rows, rate, ports.kafkaPort, ports.restPort);
        return demo.run(duration) ? 0 : 1;
    }
}
