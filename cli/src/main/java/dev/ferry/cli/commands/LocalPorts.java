package dev.ferry.cli.commands;

import picocli.CommandLine.Option;

/** The ports of the Kafka broker and Connect worker that {@code up} and {@code demo} run on this machine. */
final class LocalPorts {

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka listener port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--rest-port", defaultValue = "8083", description = "Connect REST port (default ${DEFAULT-VALUE}).")
    int restPort;
}
