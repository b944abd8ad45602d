package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chunked snapshot whose last chunk holds no row (the table's upper pages emptied by a DELETE
 * and not vacuumed away) must still end with the record that says it is complete: without it the
 * stored offsets said "snapshot in progress" for good, and so did {@code ferry status}.
 */
class SnapshotEmptyLastChunkIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aSnapshotWhoseLastChunkIsEmptyStoresItsCompletion() {
        PG.execute("CREATE TABLE public.shrunk (id int PRIMARY KEY, v text) WITH (autovacuum_enabled = false)",
                "INSERT INTO public.shrunk SELECT i, repeat('x', 200) FROM generate_series(1, 4000) i",
                "ANALYZE public.shrunk",
                "DELETE FROM public.shrunk WHERE id > 2000");
        Map<String, String> config = new HashMap<>(ConnectorConfigs.ferrySource(PG, "shrunk", "public.shrunk"));
        // One reader reads the chunks in order, so the empty ones at the table's end come last.
        config.put("snapshot.max.threads", "1");
        config.put("snapshot.chunk.rows", "500");
        CONNECT.rest().putConnectorConfig("shrunk", config);

        // The rows the DELETE left, each once, then the completion as `ferry status` reads it.
        List<Integer> ids = CONNECT.topics().awaitMessages("shrunk.public.shrunk", TIMEOUT,
                        m -> m.stream().filter(message -> "r".equals(message.op())).count() >= 2000)
                .stream().filter(message -> "r".equals(message.op()))
                .map(message -> message.keyPayload().path("id").asInt()).sorted().toList();
        assertThat(ids).isEqualTo(IntStream.rangeClosed(1, 2000).boxed().toList());
        CONNECT.rest().awaitSnapshotCompleteInOffsets("shrunk", TIMEOUT);
    }
}
