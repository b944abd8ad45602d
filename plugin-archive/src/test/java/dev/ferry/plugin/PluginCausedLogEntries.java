package dev.ferry.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The ERROR and WARN entries in a Connect worker's log that a plugin directory caused. An entry is a
 * log line with the lines that continue it (a stack trace, a multi-line message), so an error whose
 * cause names the plugin counts even when its first line does not. An entry is the plugin's when it
 *
 * <ul>
 *   <li>names the plugin's directory (Connect names the class loader in discovery errors),</li>
 *   <li>names a package that only the plugin's jars hold: {@code dev.ferry}, {@code io.debezium},
 *       the JDBC drivers … (a package the worker's own class path holds too, such as Jackson, is left
 *       out: the worker logs about it without any plugin), or</li>
 *   <li>comes from Connect's plugin loader ({@code org.apache.kafka.connect.runtime.isolation}): with
 *       only Ferry's directories on {@code plugin.path}, whatever it finds wrong is in them. Its one
 *       WARN that says every plugin has ServiceLoader manifests praises the archive and is let pass.</li>
 * </ul>
 *
 * <p>Lines are in slf4j-simple's format, {@code [thread] LEVEL logger - message}, the format of the
 * test worker's class path.
 */
final class PluginCausedLogEntries {

    private static final Pattern ENTRY_START = Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)");
    private static final String PLUGIN_LOADER = "org.apache.kafka.connect.runtime.isolation.";
    private static final String ALL_MANIFESTS_PRESENT = "All plugins have ServiceLoader manifests";

    private PluginCausedLogEntries() {
    }

    /** The plugin's ERROR and WARN entries, each with its continuation lines joined by newlines. */
    static List<String> find(List<String> logLines, Path pluginDir, Set<String> pluginPackages) {
        List<String> found = new ArrayList<>();
        List<String> entry = new ArrayList<>();
        for (String line : logLines) {
            if (ENTRY_START.matcher(line).find() && !entry.isEmpty()) {
                judge(entry, pluginDir, pluginPackages, found);
                entry.clear();
            }
            entry.add(line);
        }
        judge(entry, pluginDir, pluginPackages, found);
        return found;
    }

    private static void judge(List<String> entry, Path pluginDir, Set<String> pluginPackages, List<String> found) {
        Matcher first = entry.isEmpty() ? null : ENTRY_START.matcher(entry.get(0));
        if (first == null || !first.find() || !(first.group(1).equals("ERROR") || first.group(1).equals("WARN"))) {
            return;
        }
        String text = String.join("\n", entry);
        boolean fromPluginLoader = first.group(2).startsWith(PLUGIN_LOADER)
                && !first.group(3).startsWith(ALL_MANIFESTS_PRESENT);
        if (fromPluginLoader || text.contains(pluginDir.getFileName().toString())
                || pluginPackages.stream().anyMatch(p -> text.contains(p + "."))) {
            found.add(text);
        }
    }

    /**
     * The packages, by their first two names ({@code io.debezium}, {@code org.postgresql}), whose
     * classes are in the plugin's {@code lib/} jars and in none of the worker's class path.
     */
    static Set<String> packagesOnlyIn(Path pluginDir, List<Path> workerClassPath) {
        Set<String> packages;
        try (Stream<Path> jars = Files.list(pluginDir.resolve("lib"))) {
            packages = packagesOf(jars.filter(p -> p.toString().endsWith(".jar")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        packages.removeAll(packagesOf(workerClassPath.stream().filter(p -> p.toString().endsWith(".jar")).toList()));
        return packages;
    }

    private static Set<String> packagesOf(List<Path> jars) {
        Set<String> packages = new TreeSet<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream().map(e -> e.getName())
                        .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                        .map(n -> n.split("/"))
                        .filter(names -> names.length > 2)
                        .forEach(names -> packages.add(names[0] + "." + names[1]));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        return packages;
    }
}
