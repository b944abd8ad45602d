package dev.ferry.cli;

import dev.ferry.cli.commands.CleanupCommand;
import dev.ferry.cli.commands.DemoCommand;
import dev.ferry.cli.commands.PrecheckCommand;
import dev.ferry.cli.commands.SchemaCommand;
import dev.ferry.cli.commands.SequencesCommand;
import dev.ferry.cli.commands.StatusCommand;
import dev.ferry.cli.commands.UpCommand;
import dev.ferry.cli.commands.VerifyCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command. */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = Ferry.Version.class,
        description = "PostgreSQL synchronization on Kafka Connect: an embedded Kafka + Connect, a demo, and the "
                + "operator's tools (precheck, verify, status, sequences, cleanup).",
        subcommands = {DemoCommand.class, UpCommand.class, PrecheckCommand.class, VerifyCommand.class,
                StatusCommand.class, SchemaCommand.class, SequencesCommand.class, CleanupCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  ferry demo", "  ferry up --data-dir ~/.ferry",
                "  ferry precheck -c source.json -c sink.json", "  ferry verify -c source.json -c sink.json --repair",
                "  ferry status", "Run 'ferry help <command>' for a command's options and examples."})
public final class Ferry implements Runnable {

    /** The log file of this run, named in unexpected errors; null when logs go to the console. */
    private static Path logFile;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Read before parsing, by {@link CommandLog}; declared so that picocli accepts it on every command. */
    @CommandLine.Option(names = CommandLog.VERBOSE, scope = CommandLine.ScopeType.INHERIT, description = "Show the "
            + "logs of drivers and libraries on the console instead of in the log file (<data-dir>/logs/ferry.log, "
            + "~/.ferry/data/logs/ferry.log by default).")
    private boolean verbose;

    public static void main(String[] args) {
        // The command's own output is what users read; what the drivers and libraries say goes to the file.
        logFile = CommandLog.configure(List.of(args));
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line and returns its exit code; used by main and by tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Ferry());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.registerConverter(Duration.class, Ferry::duration);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("ferry " + cmd.getCommandName() + ": " + oneLine(e)
                    + (logFile != null && !(e instanceof FerryException) ? " (log: " + logFile + ")" : ""));
            cmd.getErr().flush();
            if (!(e instanceof FerryException) && !(e instanceof SQLException)) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return commandLine.execute(args);
    }

    /** {@code 30s}, {@code 5m}, {@code 2h}, or ISO-8601 ({@code PT30S}). */
    static Duration duration(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(text.trim());
        }
        long amount = Long.parseLong(value.replaceAll("[a-z]+$", ""));
        return switch (value.replaceAll("^[0-9]+", "")) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("use a duration such as 30s, 5m or 2h, not " + text);
        };
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version written into the jar manifest by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Ferry.class.getPackage().getImplementationVersion();
            return new String[] {"ferry " + (version == null ? "(development build)" : version)};
        }
    }
}
