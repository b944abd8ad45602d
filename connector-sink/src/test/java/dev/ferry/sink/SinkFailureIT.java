package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.contract.FerryMBeans;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TopicReader.Message;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Target outages and bad data: retry windows, the dead-letter queue, and precise failures. */
class SinkFailureIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String ROWS = "SELECT id, v FROM public.%s ORDER BY id";

    @Test
    void aTargetDownForAMinuteIsWaitedForAndCaughtUp() throws Exception {
        SOURCE.execute("CREATE TABLE public.outage (id int PRIMARY KEY, v text)",
                "INSERT INTO public.outage SELECT i, 'v' || i FROM generate_series(1, 1000) i");
        startPipeline("outage", Map.of());
        awaitSame("outage");

        TARGET.pause();
        SOURCE.execute("UPDATE public.outage SET v = v || '!' WHERE id % 2 = 0",
                "DELETE FROM public.outage WHERE id % 5 = 0",
                "INSERT INTO public.outage SELECT i, 'late' FROM generate_series(1001, 1500) i");
        long downUntil = System.currentTimeMillis() + 60_000;
        await("the sink reports its retry window").atMost(TIMEOUT)
                .until(() -> sinkMetric("outage-sink", "InRetryWindow"), Boolean.TRUE::equals);
        assertThat((Long) sinkMetric("outage-sink", "RetryWindowRemainingMillis")).isPositive();
        assertThat((Long) sinkMetric("outage-sink", "RetryAttempts")).isPositive();
        while (System.currentTimeMillis() < downUntil) {
            assertThat(CONNECT.rest().taskState("outage-sink")).isEqualTo("RUNNING");
            Thread.sleep(2_000);
        }
        TARGET.start();
        awaitSame("outage");
        assertThat(CONNECT.rest().taskState("outage-sink")).isEqualTo("RUNNING");
        await("the retry window closes with the next commit").atMost(TIMEOUT)
                .until(() -> sinkMetric("outage-sink", "InRetryWindow"), Boolean.FALSE::equals);
        assertThat((Long) sinkMetric("outage-sink", "RetryWindowRemainingMillis")).isZero();
        assertThat((Long) sinkMetric("outage-sink", "Retries")).isPositive();
    }

    @Test
    void aShortConnectionRetryWindowFailsTheTaskNamingTheCause() throws Exception {
        SOURCE.execute("CREATE TABLE public.brief (id int PRIMARY KEY, v text)", "INSERT INTO public.brief VALUES (1, 'a')");
        startPipeline("brief", Map.of("connection.retry.window.ms", "10000"));
        awaitSame("brief");

        TARGET.pause();
        try {
            SOURCE.execute("INSERT INTO public.brief VALUES (2, 'b')");
            await("brief-sink fails after its 10 s window").atMost(TIMEOUT)
                    .until(() -> "FAILED".equals(CONNECT.rest().taskState("brief-sink")));
            assertThat(CONNECT.rest().taskTrace("brief-sink"))
                    .contains("Giving up on")
                    .contains("connection error")
                    .containsIgnoringCase("connection");
        } finally {
            TARGET.start();
        }
    }

    @Test
    void aValueTooLongGoesToTheDeadLetterQueueWhenToleratedAndStopsTheTaskOtherwise() throws Exception {
        SOURCE.execute("CREATE TABLE public.narrow (id int PRIMARY KEY, v text)",
                "INSERT INTO public.narrow VALUES (1, 'ok'), (2, 'much too long'), (3, 'fine')");
        TARGET.execute("CREATE TABLE public.narrow (id int PRIMARY KEY, v varchar(5))");
        startPipeline("narrow", Map.of("errors.tolerance", "all", "errors.deadletterqueue.topic.name", "narrow-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));
        List<Message> dead = CONNECT.topics().awaitCount("narrow-dlq", 1, TIMEOUT);
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.after().get("id").asInt()).isEqualTo(2);
            assertThat(m.headers().get("__connect.errors.exception.message"))
                    .contains("key [2]").contains("public.narrow");
        });
        await("good rows applied").atMost(TIMEOUT)
                .until(() -> TARGET.query("SELECT id, v FROM public.narrow ORDER BY id"),
                        rows -> rows.equals(List.of(List.of("1", "ok"), List.of("3", "fine"))));
        assertThat(sinkMetric("narrow-sink", "RecordsSentToDeadLetterQueue")).isEqualTo(1L);

        TARGET.execute("CREATE TABLE public.strict (id int PRIMARY KEY, v varchar(5))");
        SOURCE.execute("CREATE TABLE public.strict (id int PRIMARY KEY, v text)",
                "INSERT INTO public.strict VALUES (7, 'much too long')");
        startPipeline("strict", Map.of());
        await("strict-sink fails").atMost(TIMEOUT).until(() -> "FAILED".equals(CONNECT.rest().taskState("strict-sink")));
        assertThat(CONNECT.rest().taskTrace("strict-sink")).contains("cannot write key [7] to table public.strict");
    }

    private static void startPipeline(String name, Map<String, String> sinkOverrides) {
        CONNECT.rest().putConnectorConfig(name, ConnectorConfigs.ferrySource(SOURCE, name, "public." + name));
        CONNECT.topics().awaitMessages(name + ".public." + name, TIMEOUT, m -> !m.isEmpty());
        Map<String, String> sink = SinkConfigs.ferrySink(name + "-sink", name + "\\.public\\." + name,
                TARGET.jdbcUrl(), PostgresExtension.USER, PostgresExtension.PASSWORD);
        sink.putAll(sinkOverrides);
        CONNECT.rest().putConnectorConfig(name + "-sink", sink);
    }

    /** An attribute of the sink task's MBean; the worker runs in this JVM. */
    private static Object sinkMetric(String connector, String attribute) throws JMException {
        return ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName(FerryMBeans.sinkTask(connector, "0")), attribute);
    }

    private static void awaitSame(String table) {
        String sql = String.format(ROWS, table);
        await(table + " equal in target").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> TARGET.query(sql).equals(SOURCE.query(sql)));
    }
}
