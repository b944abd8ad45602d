package dev.ferry.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SourceInspectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsBothSnapshotReadersOffsets() throws Exception {
        // Debezium 3.4's own snapshot: the snapshot type as a string until its last record.
        assertThat(SourceInspector.snapshotInProgress(json("{\"snapshot\":\"INITIAL\",\"last_snapshot_record\":false,\"lsn\":1}")))
                .isTrue();
        assertThat(SourceInspector.snapshotInProgress(json("{\"snapshot\":\"INITIAL\",\"last_snapshot_record\":true}")))
                .isFalse();
        // Ferry's chunked snapshot.
        assertThat(SourceInspector.snapshotInProgress(json("{\"snapshot\":true,\"last_snapshot_record\":false,\"chunks\":\"\"}")))
                .isTrue();
        assertThat(SourceInspector.snapshotInProgress(json("{\"snapshot\":true,\"last_snapshot_record\":true,\"complete\":true}")))
                .isFalse();
        // Streaming offsets carry no snapshot key.
        assertThat(SourceInspector.snapshotInProgress(json("{\"lsn\":123,\"txId\":7}"))).isFalse();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
