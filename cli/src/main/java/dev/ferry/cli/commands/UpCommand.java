package dev.ferry.cli.commands;

import dev.ferry.cli.FerryHome;
import dev.ferry.cli.runtime.LocalCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs Kafka (KRaft, single node) and a Kafka Connect worker with Ferry's plugins on this machine, "
                + "until Ctrl-C. Data (topics, connector configs, offsets) is kept in --data-dir and survives restarts.",
                "Then create connectors exactly as on a cluster: curl -X PUT -H 'Content-Type: application/json' "
                        + "--data @source.json localhost:8083/connectors/shop-source/config"},
        footer = {"", "Examples:", "  ferry up", "  ferry up --data-dir /var/lib/ferry --rest-port 8083 --kafka-port 9092"})
public final class UpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = FerryHome.DEFAULT_DATA_DIR, description = "Where Kafka and Connect "
            + "keep their data (default ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Mixin
    private LocalPorts ports;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting Kafka and Kafka Connect in " + dataDir + " …");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalCluster cluster = new LocalCluster(dataDir, ports.kafkaPort, ports.restPort, FerryHome.pluginPath(),
                FerryHome.runtimeClasspath())) {
            Thread hook = new Thread(() -> {
                cluster.close();
                stopped.countDown();
            }, "ferry-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            cluster.start();
            out.println("Kafka:   " + cluster.bootstrapServers());
            out.println("Connect: " + cluster.restUrl() + "   (logs in " + cluster.logDir() + ")");
            out.println("Ferry's plugins are loaded from " + FerryHome.pluginPath() + ". Press Ctrl-C to stop.");
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
