package dev.ferry.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON document is a contract with users' scripts: its field names are checked as a golden document. */
class JsonStatusRendererTest {

    @Test
    void rendersTheDocumentedFields() {
        StatusReport report = StatusReport.of(Instant.parse("2026-12-04T17:00:00Z"), "http://connect:8083/",
                List.of(StatusFixtures.source(2048, 40), StatusFixtures.sink(12, 31_000)),
                new Thresholds(Duration.ofSeconds(30), null));

        assertThat(JsonStatusRenderer.render(report)).isEqualToIgnoringNewLines("""
                {
                  "time" : "2026-12-04T17:00:00Z",
                  "connect_url" : "http://connect:8083/",
                  "healthy" : false,
                  "exit_code" : 5,
                  "alerts" : [ {
                    "condition" : "latency",
                    "exit_code" : 5,
                    "connector" : "shop-sink",
                    "message" : "sink shop-sink latency 31000 ms (12 record(s) behind) is above --max-latency 30000 ms"
                  } ],
                  "connectors" : [ {
                    "name" : "shop",
                    "type" : "source",
                    "class" : "dev.ferry.source.PostgresSourceConnector",
                    "state" : "RUNNING",
                    "tasks" : [ {
                      "id" : 0,
                      "state" : "RUNNING",
                      "worker_id" : "10.0.0.1:8083",
                      "error" : null,
                      "retry_window" : null
                    } ],
                    "source" : {
                      "snapshot" : "in_progress",
                      "slot" : {
                        "name" : "ferry_shop",
                        "exists" : true,
                        "active" : true,
                        "retained_wal_bytes" : 2048,
                        "unconfirmed_wal_bytes" : 128
                      },
                      "heartbeat" : {
                        "latency_ms" : 40,
                        "age_ms" : 4000
                      },
                      "tables" : [ {
                        "table" : "public.orders",
                        "topic" : "shop.public.orders",
                        "phase" : "snapshot",
                        "snapshot_percent" : 50,
                        "rows_in_topic" : 500,
                        "estimated_rows" : 1000
                      } ],
                      "recent_ddl" : [ ]
                    },
                    "details_error" : null
                  }, {
                    "name" : "shop-sink",
                    "type" : "sink",
                    "class" : "dev.ferry.sink.DatabaseSinkConnector",
                    "state" : "RUNNING",
                    "tasks" : [ {
                      "id" : 0,
                      "state" : "RUNNING",
                      "worker_id" : "10.0.0.1:8083",
                      "error" : null,
                      "retry_window" : null
                    } ],
                    "sink" : {
                      "lag_records" : 12,
                      "latency_ms" : 31000,
                      "topics" : [ {
                        "topic" : "shop.public.orders",
                        "lag_records" : 12,
                        "latency_ms" : 31000,
                        "partitions" : [ {
                          "partition" : 0,
                          "lag_records" : 12,
                          "latency_ms" : 31000
                        }, {
                          "partition" : 1,
                          "lag_records" : 0,
                          "latency_ms" : 0
                        } ]
                      } ]
                    },
                    "details_error" : null
                  } ]
                }""");
    }

    @Test
    void aRetryingTaskShowsItsWindow() {
        StatusReport report = StatusReport.of(Instant.EPOCH, "u", List.of(StatusFixtures.retryingSink()), Thresholds.none());

        assertThat(JsonStatusRenderer.render(report)).contains("\"exit_code\" : 4")
                .contains("\"condition\" : \"retry_window\"")
                .containsIgnoringWhitespaces("\"retry_window\" : {\"active\" : true, \"remaining_ms\" : 600000, \"attempts\" : 3}");
    }
}
