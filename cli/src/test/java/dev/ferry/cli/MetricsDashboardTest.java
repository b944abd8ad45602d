package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.contract.FerryMBeans;
import dev.ferry.testsupport.GrafanaDashboard;
import dev.ferry.testsupport.MetricsDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The JMX exporter rules (docker/prometheus/jmx-exporter.yml) give every attribute of
 * docs/metrics.md the Prometheus name and type documented there, and the Grafana dashboard
 * (docker/grafana/ferry-dashboard.json) queries those names and no others. The rules are applied
 * as the exporter applies them: to {@code domain<key=value, …><>attribute: value}, each pattern
 * wrapped in {@code ^.*(?:…).*$}, the first matching rule winning.
 */
class MetricsDashboardTest {

    private static final Path ROOT = Path.of(System.getProperty("ferry.home", ".."));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> SAMPLE_LABELS = Map.of("connector", "to-pg", "task", "0",
            "table", "public.orders");

    record Rule(Pattern pattern, String name, String type, boolean snakeCase, Map<String, String> labels) {
    }

    record Produced(String name, String type, Map<String, String> labels) {
    }

    @Test
    void everyDocumentedAttributeIsExportedUnderItsDocumentedNameAndType() throws IOException {
        List<Rule> rules = rules();
        for (MetricsDoc.Attribute attribute : MetricsDoc.read().attributes()) {
            assertThat(attribute.name()).as("the exporter's snake case splits only lower-to-upper steps")
                    .doesNotContainPattern("[A-Z]{2}");
            Produced produced = export(rules, attribute);
            if (!attribute.exported()) {
                assertThat(attribute.type()).isEqualTo("text");
                continue;
            }
            assertThat(produced).as("a rule exports %s of %s", attribute.name(), attribute.mbean()).isNotNull();
            assertThat(produced.name()).as("name of %s", attribute.name()).isEqualTo(attribute.prometheus());
            assertThat(produced.type()).as("type of %s", attribute.name())
                    .isEqualTo(attribute.type().equals("counter") ? "COUNTER" : "GAUGE");
            assertThat(produced.name().endsWith("_total")).as("only counters end in _total: %s", produced.name())
                    .isEqualTo(attribute.type().equals("counter"));
            assertThat(produced.labels()).as("labels of %s", produced.name())
                    .containsEntry("connector", "to-pg")
                    .allSatisfy((label, value) -> assertThat(value).isEqualTo(SAMPLE_LABELS.get(label)));
        }
    }

    @Test
    void theDashboardGraphsEveryExportedMetricAndQueriesNoOther() throws IOException {
        Set<String> exported = MetricsDoc.read().exportedNames();
        GrafanaDashboard dashboard = GrafanaDashboard.read();
        Set<String> queried = dashboard.metricNames();
        assertThat(queried).as("metrics the dashboard queries").isSubsetOf(exported);
        assertThat(exported).as("exported metrics the dashboard graphs").isSubsetOf(queried);
        JsonNode datasource = YAML.readTree(ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0);
        for (JsonNode panel : dashboard.json().path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText()).as("data source of panel %s",
                        panel.path("title").asText()).isEqualTo(datasource.path("uid").asText());
            }
        }
    }

    @Test
    void theDocumentedMBeanNamesAreTheOnesFerryRegisters() {
        Set<String> documented = MetricsDoc.read().byMBean().keySet();
        assertThat(documented).containsExactlyInAnyOrder(
                "dev.ferry:type=source-task,connector=<name>",
                "dev.ferry:type=source-snapshot-table,connector=<name>,table=<table>",
                "dev.ferry:type=sink-task,connector=<name>,task=<id>",
                "dev.ferry:type=sink-table,connector=<name>,task=<id>,table=<table>");
        for (String pattern : documented) {
            assertThat(sampleName(pattern)).isIn(FerryMBeans.sourceTask("to-pg"),
                    FerryMBeans.sourceSnapshotTable("to-pg", "public.orders"), FerryMBeans.sinkTask("to-pg", "0"),
                    FerryMBeans.sinkTable("to-pg", "0", "public.orders"));
        }
    }

    /** The MBean name of the documented pattern for the sample connector, task and table. */
    private static String sampleName(String pattern) {
        return pattern.replace("<name>", ObjectName.quote(SAMPLE_LABELS.get("connector")))
                .replace("<id>", SAMPLE_LABELS.get("task"))
                .replace("<table>", ObjectName.quote(SAMPLE_LABELS.get("table")));
    }

    private static List<Rule> rules() throws IOException {
        JsonNode config = YAML.readTree(ROOT.resolve("docker/prometheus/jmx-exporter.yml").toFile());
        assertThat(config.path("includeObjectNames").toString()).contains("dev.ferry:*");
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : config.path("rules")) {
            Map<String, String> labels = new LinkedHashMap<>();
            rule.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            rules.add(new Rule(Pattern.compile("^.*(?:" + rule.path("pattern").asText() + ").*$"),
                    rule.path("name").asText(), rule.path("type").asText("UNTYPED"),
                    rule.path("attrNameSnakeCase").asBoolean(false), labels));
        }
        assertThat(config.path("lowercaseOutputName").asBoolean()).isTrue();
        return rules;
    }

    /** What the exporter makes of the attribute on the sample MBean; null when no rule matches. */
    private static Produced export(List<Rule> rules, MetricsDoc.Attribute attribute) {
        ObjectName bean;
        try {
            bean = new ObjectName(sampleName(attribute.mbean()));
        } catch (javax.management.MalformedObjectNameException e) {
            throw new AssertionError(attribute.mbean(), e);
        }
        StringBuilder properties = new StringBuilder();
        for (String property : bean.getKeyPropertyListString().split(",")) {
            properties.append(properties.length() == 0 ? "" : ", ").append(property);
        }
        String beanName = bean.getDomain() + "<" + properties + "><>";
        String value = attribute.unit().equals("0/1") ? "true" : "42";
        for (Rule rule : rules) {
            String attributeName = rule.snakeCase()
                    ? attribute.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase() : attribute.name();
            Matcher matcher = rule.pattern().matcher(beanName + attributeName + ": " + value);
            if (matcher.matches()) {
                Map<String, String> labels = new LinkedHashMap<>();
                rule.labels().forEach((label, replacement) -> labels.put(label, matcher.replaceAll(replacement)));
                String name = matcher.replaceAll(rule.name()).replaceAll("[^a-zA-Z0-9:_]", "_").toLowerCase();
                return new Produced(name, rule.type(), labels);
            }
        }
        return null;
    }
}
