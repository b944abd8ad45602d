package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source task that starts while its database is down stays RUNNING and retries within
 * {@code connection.retry.window.ms}, then captures what happened meanwhile once the database is
 * back; after the window it fails naming the cause. Before, the start failed and Connect left the
 * task FAILED at once.
 */
class SourceStartupRetryIT {

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
    }
}
