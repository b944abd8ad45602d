package dev.ferry.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker/grafana/ferry-dashboard.json, read for the metric names its queries use: the exporter has
 * to serve each of them, or its panel stays empty without an error anywhere.
 *
 * @param json the dashboard document
 */
public record GrafanaDashboard(JsonNode json) {

    private static final Pattern METRIC_NAME = Pattern.compile("\\bferry_[a-z0-9_]+");

    /** The dashboard of this checkout ({@code ferry.home}, else the parent of the module directory). */
    public static GrafanaDashboard read() {
        Path file = Path.of(System.getProperty("ferry.home", "..")).resolve("docker/grafana/ferry-dashboard.json");
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL text of the dashboard: the panels' {@code expr} and the template variables' {@code definition}. */
    public List<String> queries() {
        List<String> queries = new ArrayList<>();
        collectQueries(json, queries);
        return queries;
    }

    /** Ferry's metric names ({@code ferry_…}) the queries use. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        for (String query : queries()) {
            Matcher matcher = METRIC_NAME.matcher(query);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    private static void collectQueries(JsonNode node, List<String> queries) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if ((field.getKey().equals("expr") || field.getKey().equals("definition")) && field.getValue().isTextual()) {
                    queries.add(field.getValue().asText());
                } else {
                    collectQueries(field.getValue(), queries);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectQueries(child, queries));
        }
    }
}
