package dev.ferry.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextStatusRendererTest {

    @Test
    void showsTablesLagAndTheAlertsThatFired() {
        StatusReport report = StatusReport.of(Instant.EPOCH, "u", List.of(StatusFixtures.source(2048, 40),
                StatusFixtures.failedSink()), Thresholds.none());

        assertThat(render(report)).isEqualToNormalizingNewlines("""
                shop (source, dev.ferry.source.PostgresSourceConnector): connector RUNNING
                  task 0: RUNNING
                  snapshot: in progress
                  slot ferry_shop: active, retains 2.0 kB of WAL, 128 B not yet confirmed
                    public.orders: snapshot 50% (500 of about 1000 rows in shop.public.orders)
                  heartbeat: latency 40 ms (source commit to Kafka), newest 4 s ago
                shop-sink (sink, dev.ferry.sink.DatabaseSinkConnector): connector RUNNING
                  task 0: FAILED
                    error: org.apache.kafka.connect.errors.ConnectException: Giving up on table public.orders
                  lag: 0 record(s) in total, oldest waiting 0 ms
                    shop.public.orders-0: 0
                    shop.public.orders-1: 0
                ALERT failed_task (exit 3): task shop-sink/0 FAILED: org.apache.kafka.connect.errors.ConnectException: \
                Giving up on table public.orders
                """);
    }

    @Test
    void aHealthyReportSaysSoAndARetryingTaskShowsItsWindow() {
        assertThat(render(StatusReport.of(Instant.EPOCH, "u", List.of(StatusFixtures.sink(0, 0)), Thresholds.none())))
                .endsWith("healthy\n");
        assertThat(render(StatusReport.of(Instant.EPOCH, "u", List.of(StatusFixtures.retryingSink()), Thresholds.none())))
                .contains("    retrying: attempt 3, 600 s left in the retry window\n")
                .contains("    shop.public.orders-0: 10, oldest waiting 2000 ms\n");
    }

    private static String render(StatusReport report) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        TextStatusRenderer.render(report, out);
        out.flush();
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
