package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.contract.DdlCommandTable;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TopicReader.Message;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source table with no rows at snapshot time: the target must end as empty as the table, even
 * where it kept rows from an earlier sync, and the snapshot of nothing but that table must still
 * store its completion. Its chunks read no row, so no row could bring the truncate that goes ahead
 * of a table's snapshot, nor the record that says the snapshot is complete. Tables the snapshot
 * skips (Ferry's own, through SELECT overrides) get no truncate.
 */
class EmptyTableSnapshotIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void anEmptyTablesSnapshotEmptiesTheTargetAndCompletes() {
        SOURCE.execute("CREATE TABLE public.vacant (id int PRIMARY KEY, v text)");
        TARGET.execute("CREATE TABLE public.vacant (id int PRIMARY KEY, v text)",
                "INSERT INTO public.vacant VALUES (1, 'kept from an earlier sync, no longer in the source')");
        CONNECT.rest().putConnectorConfig("empties", ConnectorConfigs.ferrySource(SOURCE, "empties", "public.vacant"));

        List<Message> snapshot = CONNECT.topics().awaitMessages("empties.public.vacant", TIMEOUT, m -> !m.isEmpty());
        assertThat(snapshot).extracting(Message::op).containsExactly("t");
        CONNECT.rest().awaitSnapshotCompleteInOffsets("empties", TIMEOUT);
        // Ferry's DDL command and signal tables are left out of the snapshot (a WHERE false SELECT
        // override), which is not "empty": no truncate for them.
        List<String> skipped = CONNECT.topics().listTopics().stream()
                .filter(topic -> topic.startsWith("empties."))
                .filter(topic -> topic.endsWith(DdlCommandTable.NAME) || topic.endsWith("_signal"))
                .filter(topic -> CONNECT.topics().countAll(topic) > 0).toList();
        assertThat(skipped).as("topics of tables the snapshot skips, holding records").isEmpty();

        // The target table is taken over as it is (its rows would stay only with
        // snapshot.conflict.mode=keep_existing): the snapshot's truncate must empty it.
        Map<String, String> sink = new HashMap<>(SinkConfigs.ferrySink("to-target", "empties\\.public\\..*",
                TARGET.jdbcUrl(), PostgresExtension.USER, PostgresExtension.PASSWORD));
        sink.put("schema.conflict.mode", "ignore");
        CONNECT.rest().putConnectorConfig("to-target", sink);
        CONNECT.rest().awaitRunning("to-target", 1, TIMEOUT);
        SOURCE.execute("INSERT INTO public.vacant VALUES (2, 'streamed after the snapshot')");
        await("the streamed row in the target").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> !TARGET.query("SELECT id FROM public.vacant WHERE id = 2").isEmpty());
        assertThat(TARGET.query("SELECT id, v FROM public.vacant ORDER BY id"))
                .containsExactly(List.of("2", "streamed after the snapshot"));
    }
}
