package dev.ferry.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCollectorTest {

    @Test
    void readsTasksFromTheExpandedConnectorListing() throws Exception {
        // One entry of GET /connectors?expand=status&expand=info, as Kafka 4.1 answers.
        String listing = """
                {"info": {"name": "to-pg", "config": {"connector.class": "dev.ferry.sink.DatabaseSinkConnector"},
                          "tasks": [], "type": "sink"},
                 "status": {"name": "to-pg", "connector": {"state": "RUNNING", "worker_id": "w:8083"},
                            "tasks": [{"id": 0, "state": "FAILED", "worker_id": "w:8083",
                                       "trace": "org.apache.kafka.connect.errors.ConnectException: Giving up\\n\\tat x.y(Z.java:1)"},
                                      {"id": 1, "state": "RUNNING", "worker_id": "w:8083"}],
                            "type": "sink"}}
                """;

        ConnectorStatus connector = StatusCollector.fromRest("to-pg", new ObjectMapper().readTree(listing),
                Map.of(1, new RetryWindowState(true, 5000, 2)));

        assertThat(connector.type()).isEqualTo("sink");
        assertThat(connector.connectorClass()).isEqualTo("dev.ferry.sink.DatabaseSinkConnector");
        assertThat(connector.tasks()).containsExactly(
                new TaskStatus(0, "FAILED", "w:8083", "org.apache.kafka.connect.errors.ConnectException: Giving up", null),
                new TaskStatus(1, "RUNNING", "w:8083", null, new RetryWindowState(true, 5000, 2)));
    }
}
