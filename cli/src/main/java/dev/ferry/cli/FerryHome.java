package dev.ferry.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where Ferry's files are: the repository root when run from a source checkout (the {@code ferry}
 * script sets {@code ferry.home}), holding {@code config-examples/} and the built plugin directory.
 */
public final class FerryHome {

    /**
     * {@code ferry up}'s default {@code --data-dir} (picocli expands {@code user.home}). The log file
     * of every command lives under it, beside Kafka's and Connect's logs.
     */
    public static final String DEFAULT_DATA_DIR = "${user.home}/.ferry/data";

    private FerryHome() {
    }

    /** {@link #DEFAULT_DATA_DIR} as a path. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".ferry", "data");
    }

    public static Path root() {
        String home = System.getProperty("ferry.home");
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    public static Path configExamples() {
        return root().resolve("config-examples");
    }

    /** The directory to put on plugin.path: it holds the unpacked ferry-connectors-VERSION directory. */
    public static Path pluginPath() {
        Path built = root().resolve("plugin-archive").resolve("target").resolve("plugins");
        if (Files.isDirectory(built)) {
            return built;
        }
        Path distribution = root().resolve("plugins");
        if (Files.isDirectory(distribution)) {
            return distribution;
        }
        throw new FerryException("Ferry's plugins are not built: run 'mvn -B -DskipTests package' in " + root());
    }

    /**
     * The classpath the Kafka and Connect processes start with: the command's own, without Ferry's
     * plugins. The command uses the transforms module (verify follows its rules); on the worker it
     * must come only from plugin.path, or Connect would see each transform twice.
     */
    public static String runtimeClasspath() {
        String explicit = System.getProperty("ferry.runtime.classpath");
        if (explicit != null) {
            return explicit;
        }
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !isFerryPlugin(Path.of(entry)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isFerryPlugin(Path entry) {
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
        return name.matches("transforms-\\d.*\\.jar") || entry.endsWith(Path.of("transforms", "target", "classes"));
    }
}
