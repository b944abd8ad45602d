package dev.ferry.source.snapshot.chunked;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.source.slot.SlotConnectorConfig;
import io.debezium.config.Configuration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How many rows a chunk reader fetches per round trip (Ferry's 1,000 unless the user set Debezium's
 * key) and hands to the task at once (512, or max.batch.size when smaller).
 */
class ChunkedSnapshotSizesTest {

    private static SlotConnectorConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("topic.prefix", "t");
        return new SlotConnectorConfig(Configuration.from(all));
    }

    @Test
    void fetchesAThousandRowsUnlessSnapshotFetchSizeIsSet() {
        assertThat(config(Map.of()).getSnapshotFetchSize()).as("Debezium's default").isEqualTo(10_240);
        assertThat(ChunkedSnapshot.fetchRows(config(Map.of()))).isEqualTo(ChunkedSnapshot.FETCH_ROWS).isEqualTo(1000);
        assertThat(ChunkedSnapshot.fetchRows(config(Map.of("snapshot.fetch.size", "20000")))).isEqualTo(20_000);
        assertThat(ChunkedSnapshot.fetchRows(config(Map.of("snapshot.fetch.size", "10240")))).isEqualTo(10_240);
    }

    @Test
    void handsOverAtMost512RowsAndNeverMoreThanMaxBatchSize() {
        assertThat(config(Map.of()).getMaxBatchSize()).as("Debezium's default").isEqualTo(2048);
        assertThat(ChunkedSnapshot.handoverRows(config(Map.of()))).isEqualTo(ChunkedSnapshot.HANDOVER_ROWS).isEqualTo(512);
        assertThat(ChunkedSnapshot.handoverRows(config(Map.of("max.batch.size", "100")))).isEqualTo(100);
        assertThat(ChunkedSnapshot.handoverRows(config(Map.of("max.batch.size", "8192")))).isEqualTo(512);
    }
}
