package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.contract.FerryMBeans;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source task whose database is down, when it starts or while it streams, stays RUNNING and
 * retries within {@code connection.retry.window.ms} (its JMX attributes say so), then captures
 * what happened meanwhile once the database is back; after the window it fails naming the cause.
 * Before, the start failed and Connect left the task FAILED at once, and a lost stream was retried
 * by Debezium for ever without a word outside the log.
 */
class SourceRetryWindowIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void aTaskStartedWhileTheDatabaseIsDownWaitsForItThenFailsAfterTheWindow() throws Exception {
        PG.execute("CREATE TABLE public.waiting (id int PRIMARY KEY)", "INSERT INTO public.waiting VALUES (1), (2)");
        CONNECT.rest().putConnectorConfig("wait", ConnectorConfigs.ferrySource(PG, "wait", "public.waiting"));
        CONNECT.rest().awaitRunning("wait", 1, TIMEOUT);
        CONNECT.topics().awaitMessages("wait.public.waiting", TIMEOUT, m -> m.size() >= 3);
        Map<String, String> impatient = ConnectorConfigs.ferrySource(PG, "impatient", "public.waiting");
        impatient.put("connection.retry.window.ms", "2000");
        CONNECT.rest().putConnectorConfig("impatient", impatient);
        CONNECT.rest().awaitRunning("impatient", 1, TIMEOUT);

        PG.pause();
        try {
            CONNECT.rest().restartTask("wait");
            CONNECT.rest().restartTask("impatient");
            // Long enough for several attempts (1 s, 2 s, 4 s backoff): the task must not fail.
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).until(
                    () -> "RUNNING".equals(CONNECT.rest().taskState("wait")));
            await().atMost(TIMEOUT).until(() -> "FAILED".equals(CONNECT.rest().taskState("impatient")));
            assertThat(CONNECT.rest().taskTrace("impatient")).contains("unreachable for")
                    .contains("connection.retry.window.ms=2000");
        } finally {
            PG.start();
        }
        PG.execute("INSERT INTO public.waiting VALUES (3)");
        CONNECT.topics().awaitMessages("wait.public.waiting", TIMEOUT,
                m -> m.stream().anyMatch(x -> x.after() != null && x.after().path("id").asInt() == 3));
        assertThat(CONNECT.rest().taskState("wait")).isEqualTo("RUNNING");
        CONNECT.rest().deleteConnector("impatient");
        CONNECT.rest().deleteConnector("wait");
    }

    @Test
    void aStreamingTaskThatLosesItsDatabaseRetriesWithinTheWindowThenFailsAfterIt() throws Exception {
        PG.execute("CREATE TABLE public.streamed (id int PRIMARY KEY)", "INSERT INTO public.streamed VALUES (1)");
        Map<String, String> patient = ConnectorConfigs.ferrySource(PG, "patient", "public.streamed");
        patient.put("retriable.restart.connector.wait.ms", "2000");
        CONNECT.rest().putConnectorConfig("patient", patient);
        Map<String, String> brief = ConnectorConfigs.ferrySource(PG, "brief", "public.streamed");
        brief.put("connection.retry.window.ms", "5000");
        CONNECT.rest().putConnectorConfig("brief", brief);
        PG.execute("INSERT INTO public.streamed VALUES (2)");
        for (String connector : new String[] {"patient", "brief"}) {
            CONNECT.topics().awaitMessages(connector + ".public.streamed", TIMEOUT,
                    m -> m.stream().anyMatch(x -> x.after() != null && x.after().path("id").asInt() == 2));
        }
        assertThat(retryMetric("patient", "InRetryWindow")).isEqualTo(false);

        PG.pause();
        try {
            await("the lost stream counted in the window").atMost(TIMEOUT)
                    .until(() -> retryMetric("patient", "InRetryWindow"), Boolean.TRUE::equals);
            assertThat((Long) retryMetric("patient", "RetryWindowRemainingMillis")).isPositive();
            await("the short window closes").atMost(TIMEOUT)
                    .until(() -> "FAILED".equals(CONNECT.rest().taskState("brief")));
            assertThat(CONNECT.rest().taskTrace("brief")).contains("unreachable for").contains("while streaming")
                    .contains("connection.retry.window.ms=5000");
            await("several restarts of Debezium's task").atMost(TIMEOUT)
                    .until(() -> (Long) retryMetric("patient", "RetryAttempts") >= 3);
            assertThat(CONNECT.rest().taskState("patient")).isEqualTo("RUNNING");
        } finally {
            PG.start();
        }
        PG.execute("INSERT INTO public.streamed VALUES (3)");
        CONNECT.topics().awaitMessages("patient.public.streamed", TIMEOUT,
                m -> m.stream().anyMatch(x -> x.after() != null && x.after().path("id").asInt() == 3));
        await("the outage over").atMost(TIMEOUT)
                .until(() -> retryMetric("patient", "InRetryWindow"), Boolean.FALSE::equals);
        assertThat(retryMetric("patient", "RetryAttempts")).isEqualTo(0L);
        assertThat(CONNECT.rest().taskState("patient")).isEqualTo("RUNNING");
        CONNECT.rest().deleteConnector("patient");
        CONNECT.rest().deleteConnector("brief");
    }

    /** The in-process worker's source task MBean. */
    private static Object retryMetric(String connector, String attribute) throws Exception {
        return ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName(FerryMBeans.sourceTask(connector)), attribute);
    }
}
