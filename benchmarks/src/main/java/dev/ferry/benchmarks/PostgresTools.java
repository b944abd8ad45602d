package dev.ferry.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL's client programs the benchmarks drive ({@code pgbench}, {@code pg_recvlogical}),
 * found on the PATH or in Debian's {@code /usr/lib/postgresql/<version>/bin}. The embedded server
 * ships only the server binaries; {@code .ci/run} installs Debian's {@code postgresql-client} when
 * they are missing.
 */
public final class PostgresTools {

    private PostgresTools() {
    }

    public static Path find(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin").resolve(program))
                    .filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> missing(program));
        } catch (IOException e) {
            throw missing(program);
        }
    }

    private static IllegalStateException missing(String program) {
        return new IllegalStateException(program + " not found on the PATH or under /usr/lib/postgresql/*/bin:"
                + " install Debian's postgresql-client (apt-get install postgresql-client)");
    }

    /** Runs a client program against the lab's source database and waits for it; fails on a non-zero exit. */
    public static void run(Lab lab, String program, List<String> arguments) throws IOException, InterruptedException {
        Process process = start(lab, program, arguments);
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(program + " " + arguments + " exited with " + exit + ": " + output);
        }
    }

    public static Process start(Lab lab, String program, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(find(program).toString());
        command.addAll(List.of("-h", lab.postgres().host(), "-p", Integer.toString(lab.postgres().port()),
                "-U", dev.ferry.testsupport.PostgresExtension.USER));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", dev.ferry.testsupport.PostgresExtension.PASSWORD);
        return builder.start();
    }
}
