package dev.ferry.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where the libraries and drivers the command runs in-process (the JDBC drivers, Kafka's clients,
 * the embedded databases) log: a file under the data directory, so the console shows Ferry's own
 * output only and a driver's WARN never lands on a progress bar. {@code --verbose} sends them to the
 * console instead. Decided before the first logger exists, because slf4j-simple reads its settings
 * once.
 *
 * <p>The file is appended to: {@code ferry status} run beside a running {@code ferry up} must not
 * wipe its log. slf4j-simple truncates a file it opens itself, so it is handed an appending stream
 * instead, as the {@code System.err} it caches while it initializes; java.util.logging's console
 * handler (the PostgreSQL driver logs through it) is created in the same moment and keeps that
 * stream too. {@code System.err} itself stays the console's.
 */
final class CommandLog {

    static final String VERBOSE = "--verbose";
    private static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";
    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String CACHE_OUTPUT_STREAM = "org.slf4j.simpleLogger.cacheOutputStream";

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
        PrintStream stream;
        try {
            Files.createDirectories(file.getParent());
            stream = new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // No place for a log file: stay quiet on the console rather than fail the command.
            System.setProperty(LOG_FILE, "System.err");
            setIfAbsent(LEVEL, "error");
            return null;
        }
        System.setProperty(LOG_FILE, "System.err");
        System.setProperty(CACHE_OUTPUT_STREAM, "true");
        setIfAbsent(LEVEL, "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        PrintStream console = System.err;
        System.setErr(stream);
        try {
            LoggerFactory.getILoggerFactory();
            java.util.logging.Logger.getLogger("").getHandlers();
        } finally {
            System.setErr(console);
        }
        return file;
    }

    /** {@code <--data-dir>/logs/ferry.log}; the data directory defaults to {@code ferry up}'s, {@code ~/.ferry/data}. */
    static Path logFile(List<String> args) {
        Path dataDir = FerryHome.defaultDataDir();
        int option = args.indexOf("--data-dir");
        if (option >= 0 && option + 1 < args.size()) {
            dataDir = Path.of(args.get(option + 1));
        }
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(arg.substring("--data-dir=".length()));
            }
        }
        return dataDir.resolve("logs").resolve("ferry.log");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
