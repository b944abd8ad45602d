package dev.ferry.sink;

import static dev.ferry.sink.PipelineIT.awaitEqual;
import static dev.ferry.sink.PipelineIT.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.transforms.FilterOperations;
import dev.ferry.transforms.FilterRows;
import dev.ferry.transforms.RenameObjects;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ferry source → RenameObjects, FilterRows, FilterOperations → Ferry sink, into PostgreSQL (envelope
 * records) and MariaDB (records flattened by ExtractNewRecordState first). The targets must hold
 * the renamed table and columns with exactly the rows matching the filter, including rows that
 * moved in and out of it through updates, and only the allowed operations of the audit table.
 */
class TransformsIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    /** What the filtered, renamed target table must hold, computed on the source. */
    private static final String EXPECTED_ORDERS = "SELECT id, region, amt, \"CustomerName\", created FROM public.orders "
            + "WHERE region = 'EU' AND amt >= 100 ORDER BY id";
    private static final String TARGET_ORDERS = "SELECT id, region, amount, customername, created FROM %s ORDER BY id";
    /** Only inserts of the audit table are replicated: every row ever inserted, with its first values. */
    private static final String EXPECTED_AUDIT = "SELECT i AS id, 'action ' || i AS action FROM generate_series(1, 120) i "
            + "ORDER BY i";

    @Test
    void targetsHoldRenamedFilteredRowsAndOnlyAllowedOperations() throws Exception {
        SOURCE.execute("""
                CREATE TABLE public.orders (
                  id int PRIMARY KEY,
                  region text,
                  amt numeric(12,2),
                  "CustomerName" text,
                  created date)""",
                "INSERT INTO public.orders SELECT i, (ARRAY['EU', 'US', 'APAC'])[i % 3 + 1], i % 300, 'customer ' || i, "
                        + "date '2024-01-01' + i % 60 FROM generate_series(1, 3000) i",
                "CREATE TABLE public.audit (id int PRIMARY KEY, action text)",
                "INSERT INTO public.audit SELECT i, 'action ' || i FROM generate_series(1, 100) i");
        TARGET_PG.execute("CREATE SCHEMA sales");

        CONNECT.rest().putConnectorConfig("tx", ConnectorConfigs.ferrySource(SOURCE, "tx", "public.orders,public.audit"));
        CONNECT.topics().awaitMessages("tx.public.orders", TIMEOUT, m -> !m.isEmpty());
        CONNECT.topics().awaitMessages("tx.public.audit", TIMEOUT, m -> !m.isEmpty());

        Map<String, String> toPg = SinkConfigs.ferrySink("tx-pg", "tx\\.public\\.(orders|audit)", TARGET_PG.jdbcUrl(),
                PostgresExtension.USER, PostgresExtension.PASSWORD);
        toPg.put("transforms", "rename,rows,ops");
        addTransforms(toPg);
        CONNECT.rest().putConnectorConfig("tx-pg", toPg);

        Map<String, String> toMariaDb = SinkConfigs.ferrySink("tx-mariadb", "tx\\.public\\.(orders|audit)",
                TARGET_MARIADB.jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD);
        toMariaDb.put("table.name.format", "${source.table}");
        toMariaDb.put("exactly.once", "true");
        toMariaDb.put("transforms", "unwrap,rename,rows,ops");
        toMariaDb.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        toMariaDb.put("transforms.unwrap.add.fields", "op");
        toMariaDb.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite");
        addTransforms(toMariaDb);
        CONNECT.rest().putConnectorConfig("tx-mariadb", toMariaDb);
        CONNECT.rest().awaitRunning("tx-pg", 1, TIMEOUT);
        CONNECT.rest().awaitRunning("tx-mariadb", 1, TIMEOUT);

        awaitEqual(SOURCE, "filtered snapshot in PostgreSQL", EXPECTED_ORDERS, TARGET_PG,
                TARGET_ORDERS.formatted("sales.orders_v2"));
        awaitEqual(SOURCE, "filtered snapshot in MariaDB", EXPECTED_ORDERS, TARGET_MARIADB,
                TARGET_ORDERS.formatted("orders_v2"));

        SOURCE.execute(
                "INSERT INTO public.orders SELECT i, (ARRAY['EU', 'US', 'APAC'])[i % 3 + 1], i % 300, 'customer ' || i, "
                        + "date '2024-03-01' FROM generate_series(3001, 3600) i",
                // in → in
                "UPDATE public.orders SET amt = amt + 1 WHERE region = 'EU' AND amt >= 100 AND id % 5 = 0",
                // in → out, by either half of the condition, and to NULL
                "UPDATE public.orders SET region = 'US' WHERE region = 'EU' AND amt >= 100 AND id % 7 = 0",
                "UPDATE public.orders SET amt = 5 WHERE region = 'EU' AND amt >= 100 AND id % 11 = 0",
                "UPDATE public.orders SET region = NULL WHERE id % 19 = 0",
                "UPDATE public.orders SET region = 'US' WHERE id = 102",
                // out → in, by either half
                "UPDATE public.orders SET region = 'EU' WHERE region = 'APAC' AND amt >= 100 AND id % 4 = 0",
                "UPDATE public.orders SET amt = 250 WHERE region = 'EU' AND amt < 100 AND id % 6 = 0",
                "UPDATE public.orders SET region = 'EU', amt = 500 WHERE id = 8",
                // out → out
                "UPDATE public.orders SET \"CustomerName\" = 'renamed' WHERE region = 'US' AND id % 9 = 0",
                // deletes of rows in and out, and key changes (delete + insert at the source)
                "DELETE FROM public.orders WHERE id % 13 = 0",
                "UPDATE public.orders SET id = id + 100000 WHERE id % 17 = 0",
                // audit: only the inserts may reach the targets
                "INSERT INTO public.audit SELECT i, 'action ' || i FROM generate_series(101, 120) i",
                "UPDATE public.audit SET action = 'changed' WHERE id <= 10",
                "DELETE FROM public.audit WHERE id BETWEEN 11 AND 20");

        awaitEqual(SOURCE, "filtered orders in PostgreSQL", EXPECTED_ORDERS, TARGET_PG,
                TARGET_ORDERS.formatted("sales.orders_v2"));
        awaitEqual(SOURCE, "filtered orders in MariaDB", EXPECTED_ORDERS, TARGET_MARIADB,
                TARGET_ORDERS.formatted("orders_v2"));
        awaitEqual(SOURCE, "audit inserts in PostgreSQL", EXPECTED_AUDIT, TARGET_PG,
                "SELECT id, action FROM public.audit ORDER BY id");
        awaitEqual(SOURCE, "audit inserts in MariaDB", EXPECTED_AUDIT, TARGET_MARIADB,
                "SELECT id, action FROM audit ORDER BY id");

        assertThat(digest(TARGET_PG, "SELECT id FROM sales.orders_v2 WHERE id IN (8, 102)"))
                .as("id 8 moved into the filter, id 102 out of it").hasSize(1).first().asString().contains("8");
        assertThat(CONNECT.rest().taskState("tx-pg")).isEqualTo("RUNNING");
        assertThat(CONNECT.rest().taskState("tx-mariadb")).isEqualTo("RUNNING");

        // Records dropped by a transform and topics renamed by one are still consumed: the sinks'
        // committed positions reach the end of their topics.
        for (String sink : new String[] {"tx-pg", "tx-mariadb"}) {
            for (String topic : new String[] {"tx.public.orders", "tx.public.audit"}) {
                // Schema records count; more of them may follow while waiting.
                long end = CONNECT.topics().countAll(topic);
                await(sink + " position on " + topic).atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> committedOffset(sink, topic), offset -> offset >= end);
            }
        }
    }

    private static void addTransforms(Map<String, String> config) {
        config.put("transforms.rename.type", RenameObjects.class.getName());
        config.put("transforms.rename.rules", "public.orders -> sales.orders_v2; public.orders.amt -> amount");
        config.put("transforms.rename.case", "lower");
        config.put("transforms.rows.type", FilterRows.class.getName());
        config.put("transforms.rows.rules", "sales.orders_v2: region = 'EU' AND amount >= 100");
        config.put("transforms.ops.type", FilterOperations.class.getName());
        config.put("transforms.ops.rules", "public.audit: insert");
    }

    private static long committedOffset(String connector, String topic) {
        for (JsonNode entry : CONNECT.rest().offsets(connector).path("offsets")) {
            if (entry.path("partition").path("kafka_topic").asText().equals(topic)) {
                return entry.path("offset").path("kafka_offset").asLong();
            }
        }
        return -1;
    }
}
