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
 * A replication slot dropped under a streaming task, or invalidated by the server
 * ({@code max_slot_wal_keep_size}) while its connector was stopped, fails the task naming the slot
 * and the re-sync procedure. Before, Debezium's restart after the lost stream created a new slot
 * and streamed on from its position, skipping every change in between without a word, and an
 * invalidated slot was retried for ever.
 */
class SlotSafetyIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension().withSetting("max_slot_wal_keep_size", "64MB");

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void aSlotDroppedUnderAStreamingTaskFailsItInsteadOfStartingOverSilently() {
        PG.execute("CREATE TABLE public.dropped (id int PRIMARY KEY)", "INSERT INTO public.dropped VALUES (1)");
        CONNECT.rest().putConnectorConfig("dropped", ConnectorConfigs.ferrySource(PG, "dropped", "public.dropped"));
        CONNECT.topics().awaitMessages("dropped.public.dropped", TIMEOUT, m -> !m.isEmpty());
        // Streamed (op c), not read by the snapshot: Debezium's stream runs on the slot.
        PG.execute("INSERT INTO public.dropped VALUES (2)");
        CONNECT.topics().awaitMessages("dropped.public.dropped", TIMEOUT, m -> m.stream()
                .anyMatch(x -> "c".equals(x.op()) && x.after().path("id").asInt() == 2));

        // What an operator cleaning up "unused" slots does: end the walsender, drop the slot.
        await("slot ferry_dropped dropped").atMost(TIMEOUT).ignoreExceptions().until(() -> {
            PG.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                    + "WHERE slot_name = 'ferry_dropped' AND active_pid IS NOT NULL");
            PG.execute("SELECT pg_drop_replication_slot('ferry_dropped')");
            return true;
        });
        PG.execute("INSERT INTO public.dropped VALUES (3)");

        await("task dropped-0 failed").atMost(TIMEOUT).until(() -> "FAILED".equals(CONNECT.rest().taskState("dropped")));
        assertThat(CONNECT.rest().taskTrace("dropped")).contains("Replication slot 'ferry_dropped' no longer exists")
                .contains("To re-sync");
        assertThat(PG.queryValue("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'ferry_dropped'"))
                .as("no new slot streaming on past the lost changes").isEqualTo("0");
        CONNECT.rest().deleteConnector("dropped");
    }

    @Test
    void slotFailoverCreatesASlotThatAStandbyCanSynchronize() {
        PG.execute("CREATE TABLE public.durable (id int PRIMARY KEY)", "INSERT INTO public.durable VALUES (1)");
        Map<String, String> config = ConnectorConfigs.ferrySource(PG, "durable", "public.durable");
        config.put("slot.failover", "true");
        CONNECT.rest().putConnectorConfig("durable", config);
        CONNECT.topics().awaitMessages("durable.public.durable", TIMEOUT, m -> !m.isEmpty());
        assertThat(PG.queryValue("SELECT failover FROM pg_replication_slots WHERE slot_name = 'ferry_durable'"))
                .isEqualTo("t");
        CONNECT.rest().deleteConnector("durable");
    }

    @Test
    void aSlotInvalidatedByMaxSlotWalKeepSizeFailsTheTaskNamingTheSlotAndTheResync() {
        PG.execute("CREATE TABLE public.lagging (id int PRIMARY KEY)", "INSERT INTO public.lagging VALUES (1)",
                "CREATE TABLE public.bulk (v text)");
        CONNECT.rest().putConnectorConfig("lagging", ConnectorConfigs.ferrySource(PG, "lagging", "public.lagging"));
        CONNECT.topics().awaitMessages("lagging.public.lagging", TIMEOUT, m -> !m.isEmpty());
        // Streamed (op c), not read by the snapshot: Debezium's stream runs on the slot.
        PG.execute("INSERT INTO public.lagging VALUES (2)");
        CONNECT.topics().awaitMessages("lagging.public.lagging", TIMEOUT, m -> m.stream()
                .anyMatch(x -> "c".equals(x.op()) && x.after().path("id").asInt() == 2));
        CONNECT.rest().stopConnector("lagging");
        await("slot ferry_lagging released").atMost(TIMEOUT).until(() -> "f".equals(
                PG.queryValue("SELECT active FROM pg_replication_slots WHERE slot_name = 'ferry_lagging'")));

        // About 150 MB of WAL (rows under the TOAST threshold are not compressed) past the 64 MB the slot may keep.
        PG.execute("INSERT INTO public.bulk SELECT repeat(md5(i::text), 32) FROM generate_series(1, 150000) i");
        await("slot ferry_lagging invalidated").atMost(TIMEOUT).until(() -> {
            PG.execute("SELECT pg_switch_wal()", "CHECKPOINT");
            return "lost".equals(PG.queryValue(
                    "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'ferry_lagging'"));
        });
        CONNECT.rest().resumeConnector("lagging");

        await("task lagging-0 failed").atMost(TIMEOUT).until(() -> "FAILED".equals(CONNECT.rest().taskState("lagging")));
        assertThat(CONNECT.rest().taskTrace("lagging")).contains("Replication slot 'ferry_lagging' was invalidated")
                .contains("wal_status=lost").contains("max_slot_wal_keep_size").contains("To re-sync")
                .contains("pg_drop_replication_slot('ferry_lagging')");
        CONNECT.rest().deleteConnector("lagging");
    }
}
