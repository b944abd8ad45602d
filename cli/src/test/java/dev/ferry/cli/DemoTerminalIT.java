package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.runtime.LocalCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ./ferry demo} in a real terminal and reads the screen as a user sees it: Ferry's lines
 * and progress bars, and not one line of what the drivers and libraries log (the MariaDB driver
 * warns about each target table that the progress bars count before the sink has created it). Those
 * lines go to the log file under the data directory, after what earlier commands wrote there.
 *
 * <p>The terminal is a tmux pane ({@code capture-pane}); where tmux is missing, a pseudo-terminal
 * from util-linux's {@code script}, whose output is cut into lines at each carriage return and
 * newline with the escape sequences removed. {@code -Dferry.test.terminal=script} forces the latter.
 */
class DemoTerminalIT {

    /** A line that a logger, not Ferry, wrote: a level, a library's package, a stack frame, SLF4J's own notes. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "\\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|SEVERE)\\b|org\\.mariadb|org\\.postgresql|ch\\.vorburger"
                    + "|io\\.zonky|org\\.apache\\.kafka|SLF4J|^\\s*at [\\w.$]+\\(");
    private static final Pattern PROGRESS_BAR = Pattern.compile("orders -> mysql 100% \\[=+\\] 5000/5000 rows");
    private static final String FINISHED = "Demo finished: verification passed for both targets.";

    @TempDir
    Path dir;

    @Test
    void theDemoScreenShowsFerrysProgressAndNoDriverLogLines() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path commandLog = home.resolve(".ferry/data/logs/ferry.log");
        Files.createDirectories(commandLog.getParent());
        Files.writeString(commandLog, "an earlier command's line\n");
        String command = "bash " + Path.of(System.getProperty("ferry.home")).resolve("ferry") + " demo --rows 5000"
                + " --rate 50 --duration 5s --kafka-port " + LocalCluster.freePort() + " --rest-port "
                + LocalCluster.freePort();
        Map<String, String> env = Map.of("FERRY_JAVA_OPTS", "-Duser.home=" + home);

        Set<String> seen = new LinkedHashSet<>();
        int exitCode;
        try (Terminal terminal = Terminal.open(dir, command, env)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            Integer exit = null;
            while (exit == null && System.nanoTime() < deadline) {
                Thread.sleep(500);
                exit = terminal.exitCode();
                seen.addAll(terminal.screen());
            }
            assertThat(exit).as("ferry demo ended within 10 minutes; screen:%n%s", String.join("\n", seen)).isNotNull();
            exitCode = exit;
        }
        String screen = String.join("\n", seen);
        assertThat(exitCode).as(screen).isZero();
        assertThat(screen).contains("Snapshot (full sync) of").containsPattern(PROGRESS_BAR).contains(FINISHED);
        assertThat(seen.stream().filter(l -> LOG_LINE.matcher(l).find()).toList())
                .as("lines on the screen that drivers or libraries logged").isEmpty();

        List<String> logged = Files.readAllLines(commandLog);
        assertThat(logged.get(0)).as("the log file is appended to").isEqualTo("an earlier command's line");
        assertThat(logged).as("the libraries' lines went to " + commandLog)
                .anyMatch(l -> l.contains(" INFO ch.vorburger.") || l.contains(" INFO io.zonky."));
    }

    /** A terminal running one command: the lines on its screen, its exit code once it has ended. */
    private interface Terminal extends AutoCloseable {

        static Terminal open(Path dir, String command, Map<String, String> env) throws IOException {
            String choice = System.getProperty("ferry.test.terminal", works("tmux", "-V") ? "tmux" : "script");
            if (choice.equals("tmux")) {
                return new Tmux(dir.resolve("tmux.sock"), command, env);
            }
            assertThat(works("script", "--version")).as("neither tmux nor util-linux's script is installed").isTrue();
            return new Script(dir.resolve("typescript"), command, env);
        }

        List<String> screen() throws IOException;

        /** Null while the command runs. */
        Integer exitCode() throws IOException;

        @Override
        void close() throws IOException;
    }

    /**
     * A detached tmux session of 200x50 on its own server socket. The pane stays after the command
     * ends, and the shell writes the command's exit code to a file (tmux marks a pane dead before it
     * has its exit status).
     */
    private static final class Tmux implements Terminal {
        private final Path socket;
        private final Path exitFile;

        Tmux(Path socket, String command, Map<String, String> env) throws IOException {
            this.socket = socket;
            this.exitFile = socket.resolveSibling("exit-code");
            ProcessBuilder start = new ProcessBuilder("tmux", "-S", socket.toString(), "new-session", "-d", "-x", "200",
                    "-y", "50", "-s", "demo", command + "; echo $? > " + exitFile, ";", "set-option", "-t", "demo",
                    "remain-on-exit", "on");
            start.environment().putAll(env);
            start.environment().putIfAbsent("TERM", "xterm");
            run(start);
        }

        @Override
        public List<String> screen() throws IOException {
            return run(tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "demo")).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("Pane is dead")).toList();
        }

        @Override
        public Integer exitCode() throws IOException {
            String code = Files.exists(exitFile) ? Files.readString(exitFile).trim() : "";
            return code.isEmpty() ? null : Integer.valueOf(code);
        }

        @Override
        public void close() throws IOException {
            run(tmux("kill-server"));
        }

        private ProcessBuilder tmux(String... args) {
            List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
            command.addAll(List.of(args));
            return new ProcessBuilder(command);
        }
    }

    /** util-linux's script: a pseudo-terminal of 200x50 whose output is recorded in a file as it comes. */
    private static final class Script implements Terminal {
        private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]|\u001B[()][A-Z0-9]|\u001B[=>]");
        private final Path typescript;
        private final Process process;

        Script(Path typescript, String command, Map<String, String> env) throws IOException {
            this.typescript = typescript;
            ProcessBuilder start = new ProcessBuilder("script", "-q", "-f", "-e", "-c",
                    "stty cols 200 rows 50; exec " + command, typescript.toString())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            start.environment().putAll(env);
            start.environment().putIfAbsent("TERM", "xterm");
            process = start.start();
        }

        @Override
        public List<String> screen() throws IOException {
            if (!Files.exists(typescript)) {
                return List.of();
            }
            String text = ESCAPE.matcher(Files.readString(typescript, StandardCharsets.UTF_8)).replaceAll("");
            return Pattern.compile("[\r\n]+").splitAsStream(text)
                    .filter(l -> !l.isBlank() && !l.startsWith("Script started on") && !l.startsWith("Script done on"))
                    .toList();
        }

        @Override
        public Integer exitCode() {
            return process.isAlive() ? null : process.exitValue();
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private static boolean works(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a short command to its end and returns its output; a failure is the test's failure. */
    private static String run(ProcessBuilder command) throws IOException {
        // A file, not a pipe: the tmux server that new-session starts outlives the command.
        Path output = Files.createTempFile("ferry-terminal-", ".out");
        try {
            Process process = command.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.command() + " did not end within 30 s");
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(command.command() + " failed: " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(command.command() + " interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
