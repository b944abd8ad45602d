package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MetricsDoc;
import dev.ferry.testsupport.PostgresExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ferry source → Kafka → Ferry sink into PostgreSQL, then every attribute docs/metrics.md lists
 * is read from the running tasks' MBeans (the worker runs in this JVM: the platform MBean
 * server) and must be there with a plausible value, and every attribute the MBeans have must be
 * documented there.
 */
class MetricsIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int ROWS = 3000;
    private static final String SOURCE_NAME = "metrics";
    private static final String SINK_NAME = "metrics-pg";
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** Values that say the pipeline did its work; every other attribute gets the checks of its type. */
    private static final Map<String, Predicate<Object>> EXPECTED = new HashMap<>();

    static {
        expect("source-task", "RecordsWritten", v -> (long) v >= ROWS);
        expect("source-task", "SnapshotRowsRead", v -> (long) v >= ROWS);
        expect("source-task", "SnapshotChunksPlanned", v -> (long) v > 0);
        expect("source-task", "SnapshotChunksDone", v -> (long) v > 0);
        expect("source-task", "SlotRetainedWalBytes", v -> (long) v >= 0);
        expect("source-task", "SlotConfirmedFlushLagBytes", v -> (long) v >= 0);
        expect("source-task", "HeartbeatAgeMillis", v -> (long) v >= 0 && (long) v < 60_000);
        expect("source-task", "DdlRecordsWritten", v -> (long) v >= 1);
        expect("source-task", "InRetryWindow", v -> v.equals(false));
        expect("source-task", "RetryWindowRemainingMillis", v -> (long) v == 0);
        expect("source-task", "RetryAttempts", v -> (long) v == 0);
        expect("source-snapshot-table", "ChunksPlanned", v -> (long) v > 0);
        expect("sink-task", "RecordsReceived", v -> (long) v >= ROWS);
        expect("sink-task", "RowsApplied", v -> (long) v >= ROWS);
        expect("sink-task", "Flushes", v -> (long) v > 0);
        expect("sink-task", "BatchRecords", v -> (long) v >= ROWS);
        expect("sink-task", "BatchRecordsMax", v -> (long) v > 0);
        expect("sink-task", "InRetryWindow", v -> v.equals(false));
        expect("sink-task", "RetryWindowRemainingMillis", v -> (long) v == 0);
        expect("sink-task", "RetryAttempts", v -> (long) v == 0);
        expect("sink-task", "DdlRecordsApplied", v -> (long) v >= 1);
        expect("sink-task", "HeartbeatLatencyMillis", v -> (long) v >= 0);
        expect("sink-task", "HeartbeatLatencyP50Millis", v -> (long) v >= 0);
        expect("sink-task", "HeartbeatLatencyP99Millis", v -> (long) v >= 0);
        expect("sink-task", "SourceLatencyMillis", v -> (long) v >= 0);
        expect("sink-task", "SourceLatencyP50Millis", v -> (long) v >= 0);
        expect("sink-task", "SourceLatencyP99Millis", v -> (long) v >= 0);
        expect("sink-table", "RowsApplied", v -> (long) v > 0);
        expect("source-task", "Alerting", v -> v.equals(true));
        expect("source-task", "Alert", v -> ((String) v).contains("alert.retained.wal.bytes=1"));
        expect("sink-task", "Alerting", v -> v.equals(true));
        expect("sink-task", "Alert", v -> ((String) v).contains("alert.latency.ms=1"));
    }

    private static void expect(String mbeanType, String attribute, Predicate<Object> plausible) {
        EXPECTED.put(mbeanType + "/" + attribute, plausible);
    }

    @Test
    void everyDocumentedMetricIsServedByTheRunningTasksWithAPlausibleValue() throws Exception {
        SOURCE.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.items (id int PRIMARY KEY, name text, price numeric(10,2))",
                "INSERT INTO shop.items SELECT i, 'item ' || i, i * 1.5 FROM generate_series(1, " + ROWS + ") i");
        Map<String, String> source = ConnectorConfigs.ferrySource(SOURCE, SOURCE_NAME, "shop\\..*");
        // Thresholds every running pipeline crosses: the alerts must show.
        source.put("alert.retained.wal.bytes", "1");
        CONNECT.rest().putConnectorConfig(SOURCE_NAME, source);
        CONNECT.rest().awaitRunning(SOURCE_NAME, 1, TIMEOUT);
        Map<String, String> sink = SinkConfigs.ferrySink(SINK_NAME, SOURCE_NAME + "\\..*", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        sink.put("consumer.override.metadata.max.age.ms", "1000");
        sink.put("alert.latency.ms", "1");
        CONNECT.rest().putConnectorConfig(SINK_NAME, sink);
        CONNECT.rest().awaitRunning(SINK_NAME, 1, TIMEOUT);
        String items = "SELECT id, name, price FROM shop.items ORDER BY id";
        awaitEqual(SOURCE, "the snapshot", items, TARGET_PG, items);

        SOURCE.execute("ALTER TABLE shop.items ADD COLUMN note text",
                "UPDATE shop.items SET note = 'n' || id, price = price + 1 WHERE id % 3 = 0",
                "DELETE FROM shop.items WHERE id % 10 = 0",
                "INSERT INTO shop.items SELECT i, 'live ' || i, 1, 'x' FROM generate_series(" + (ROWS + 1) + ", "
                        + (ROWS + 200) + ") i");
        String withNotes = "SELECT id, name, price, note FROM shop.items ORDER BY id";
        awaitEqual(SOURCE, "the streamed changes", withNotes, TARGET_PG, withNotes);

        Map<String, List<MetricsDoc.Attribute>> documented = MetricsDoc.read().byMBean();
        await("every documented attribute plausible").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> documented.values().forEach(MetricsIT::checkMBeans));

        assertThat(CONNECT.rest().taskState(SOURCE_NAME)).isEqualTo("RUNNING");
        assertThat(CONNECT.rest().taskState(SINK_NAME)).isEqualTo("RUNNING");
    }

    /** The documented attributes of one MBean name pattern, on every such MBean of this test's connectors. */
    private static void checkMBeans(List<MetricsDoc.Attribute> attributes) {
        String type = attributes.get(0).mbeanType();
        List<ObjectName> beans = beans(type);
        assertThat(beans).as("MBeans of type %s", type).isNotEmpty();
        Set<String> names = new TreeSet<>(attributes.stream().map(MetricsDoc.Attribute::name).toList());
        for (ObjectName bean : beans) {
            Set<String> served = new TreeSet<>();
            try {
                Arrays.stream(SERVER.getMBeanInfo(bean).getAttributes()).map(MBeanAttributeInfo::getName)
                        .forEach(served::add);
            } catch (javax.management.JMException e) {
                throw new AssertionError(bean.toString(), e);
            }
            assertThat(served).as("attributes of %s, as docs/metrics.md lists them", bean).isEqualTo(names);
            for (MetricsDoc.Attribute attribute : attributes) {
                Object value;
                try {
                    value = SERVER.getAttribute(bean, attribute.name());
                } catch (javax.management.JMException e) {
                    throw new AssertionError(bean + " " + attribute.name(), e);
                }
                assertThat(value).as("%s of %s", attribute.name(), bean).isNotNull().matches(typical(attribute),
                        "a plausible " + attribute.type() + " in " + attribute.unit());
                if (!isTheItemsTable(bean) && !type.endsWith("-task")) {
                    continue;
                }
                Predicate<Object> expected = EXPECTED.get(type + "/" + attribute.name());
                if (expected != null) {
                    assertThat(value).as("%s of %s after the pipeline ran", attribute.name(), bean)
                            .matches(expected, "the value a working pipeline has");
                }
            }
        }
        if (type.equals("source-snapshot-table") || type.equals("sink-table")) {
            assertThat(beans).as("an MBean for shop.items among %s", beans).anyMatch(MetricsIT::isTheItemsTable);
        }
    }

    private static Predicate<Object> typical(MetricsDoc.Attribute attribute) {
        return switch (attribute.type()) {
            case "text" -> value -> value instanceof String;
            case "counter" -> value -> value instanceof Long count && count >= 0;
            default -> attribute.unit().equals("0/1") ? value -> value instanceof Boolean
                    : value -> value instanceof Long gauge && gauge >= -1;
        };
    }

    private static boolean isTheItemsTable(ObjectName bean) {
        String table = bean.getKeyProperty("table");
        return table != null && ObjectName.unquote(table).endsWith("items");
    }

    /** The MBeans of {@code type} that belong to this test's source or sink connector. */
    private static List<ObjectName> beans(String type) {
        String connector = ObjectName.quote(type.startsWith("source") ? SOURCE_NAME : SINK_NAME);
        List<ObjectName> beans = new ArrayList<>();
        try {
            for (ObjectName name : SERVER.queryNames(new ObjectName("dev.ferry:type=" + type + ",*"), null)) {
                if (connector.equals(name.getKeyProperty("connector"))) {
                    beans.add(name);
                }
            }
        } catch (javax.management.MalformedObjectNameException e) {
            throw new AssertionError(type, e);
        }
        return beans;
    }
}
