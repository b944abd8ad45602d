package dev.ferry.cli.runtime;

import dev.ferry.cli.FerryException;
import dev.ferry.contract.WorkerJvmOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running one of Kafka's entry points, its output in a log file. */
final class JavaProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static JavaProcess start(String name, String classpath, String heap, String mainClass, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(WorkerJvmOptions.JIT);
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new JavaProcess(name, process, log);
        } catch (IOException e) {
            throw new FerryException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs to completion; fails naming the log when the exit code is not zero. */
    static void run(String name, String classpath, String mainClass, Path log, String... args) {
        JavaProcess process = start(name, classpath, "512m", mainClass, log, args);
        try {
            if (!process.process.waitFor(120, TimeUnit.SECONDS) || process.process.exitValue() != 0) {
                throw new FerryException(name + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException("interrupted while running " + name, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** SIGTERM, so the process shuts down cleanly; SIGKILL if it has not after {@code seconds}. */
    void stop(int seconds) {
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
