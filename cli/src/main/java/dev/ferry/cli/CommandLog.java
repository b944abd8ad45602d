package dev.ferry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the libraries and drivers the command runs in-process (the JDBC drivers, Kafka's clients,
 * the embedded databases) log: a file, so the console shows Ferry's own output only and a
 * driver's WARN never lands on a progress bar. {@code --verbose} sends them to the console
 * instead. Decided before the first logger exists, because slf4j-simple reads its settings once.
 */
final class CommandLog {

    static final String VERBOSE = "--verbose";
    private static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";
    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private CommandLog() {
    }

    /** Configures the log for a command line; returns the file, or null when logs go to the console. */
    static Path configure(List<String> args) {
        if (System.getProperty(LOG_FILE) != null) {
            return null;
        }
        if (args.contains(VERBOSE)) {
            System.setProperty(LOG_FILE, "System.err");
            setIfAbsent(LEVEL, "info");
            return null;
        }
        Path file = logFile(args);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            // No place for a log file: stay quiet on the console rather than fail the command.
            System.setProperty(LOG_FILE, "System.err");
            setIfAbsent(LEVEL, "error");
            return null;
        }
        System.setProperty(LOG_FILE, file.toString());
        setIfAbsent(LEVEL, "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        return file;
    }

    /** {@code <--data-dir>/logs/ferry.log} for the commands that keep data, else {@code ~/.ferry/logs/ferry.log}. */
    static Path logFile(List<String> args) {
        int dataDir = args.indexOf("--data-dir");
        if (dataDir >= 0 && dataDir + 1 < args.size()) {
            return Path.of(args.get(dataDir + 1)).resolve("logs").resolve("ferry.log");
        }
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                return Path.of(arg.substring("--data-dir=".length())).resolve("logs").resolve("ferry.log");
            }
        }
        return Path.of(System.getProperty("user.home"), ".ferry", "logs", "ferry.log");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
