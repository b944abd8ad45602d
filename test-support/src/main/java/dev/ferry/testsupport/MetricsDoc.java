package dev.ferry.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MBean attributes docs/metrics.md lists. Tests read them from the document, so the code,
 * the exporter rules and the dashboard are checked against what users read and cannot drift.
 *
 * @param attributes every documented attribute, in the document's order
 */
public record MetricsDoc(List<Attribute> attributes) {

    /** The Prometheus column of an attribute the exporter leaves out (text: Prometheus takes numbers only). */
    public static final String NOT_EXPORTED = "–";

    /**
     * One row of an MBean's table.
     *
     * @param mbean the MBean name pattern of the section, such as
     *     {@code dev.ferry:type=sink-task,connector=<name>,task=<id>} (placeholders {@code <name>}, {@code <id>}, {@code <table>})
     * @param prometheus the exported metric name, or {@link #NOT_EXPORTED}
     */
    public record Attribute(String mbean, String name, String type, String unit, String prometheus) {

        /** The MBean's {@code type} key, such as {@code sink-task}. */
        public String mbeanType() {
            int at = mbean.indexOf("type=") + "type=".length();
            int end = mbean.indexOf(',', at);
            return end < 0 ? mbean.substring(at) : mbean.substring(at, end);
        }

        public boolean exported() {
            return !prometheus.equals(NOT_EXPORTED);
        }
    }

    /** docs/metrics.md of this checkout ({@code ferry.home}, else the parent of the module directory). */
    public static MetricsDoc read() {
        return read(Path.of(System.getProperty("ferry.home", "..")).resolve("docs/metrics.md"));
    }

    public static MetricsDoc read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Attribute> attributes = new ArrayList<>();
        String mbean = null;
        for (String line : lines) {
            if (line.startsWith("### `dev.ferry:")) {
                mbean = line.substring(line.indexOf('`') + 1, line.lastIndexOf('`'));
            } else if (line.startsWith("## ")) {
                mbean = null;
            } else if (mbean != null && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                attributes.add(new Attribute(mbean, unquote(cells[1]), cells[2].trim(), cells[3].trim(),
                        unquote(cells[4])));
            }
        }
        if (attributes.isEmpty()) {
            throw new IllegalStateException("No MBean attribute tables found in " + file);
        }
        return new MetricsDoc(attributes);
    }

    /** The attributes per MBean name pattern. */
    public Map<String, List<Attribute>> byMBean() {
        Map<String, List<Attribute>> byMBean = new LinkedHashMap<>();
        for (Attribute attribute : attributes) {
            byMBean.computeIfAbsent(attribute.mbean(), m -> new ArrayList<>()).add(attribute);
        }
        return byMBean;
    }

    /** The Prometheus names of the exported attributes: what the exporter rules must produce and the dashboard may query. */
    public Set<String> exportedNames() {
        Set<String> names = new TreeSet<>();
        for (Attribute attribute : attributes) {
            if (attribute.exported()) {
                names.add(attribute.prometheus());
            }
        }
        return names;
    }

    private static String unquote(String cell) {
        return cell.trim().replace("`", "");
    }
}
