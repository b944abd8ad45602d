package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.contract.SnapshotEpoch;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TopicReader.Message;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source connector against a real PostgreSQL and a real Connect worker, driven through the
 * REST API: exact values through snapshot and streaming, heartbeats, and throttling.
 */
class SourceCaptureIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String BIG_TEXT_SQL = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 3200) i)";

    @Test
    void snapshotAndStreamingCarryExactValuesOfEveryType() {
        PG.execute("""
                CREATE TABLE public.items (
                  id bigint PRIMARY KEY,
                  amount numeric(20,6),
                  note text,
                  created timestamptz,
                  day date,
                  active boolean,
                  doc jsonb,
                  uid uuid,
                  blob bytea,
                  tags int[],
                  big text,
                  counter int)""",
                "ALTER TABLE public.items ALTER COLUMN big SET STORAGE EXTERNAL",
                "INSERT INTO public.items VALUES (1, 12345678901234.123456, 'caf\u00e9 \uD83D\uDE80 ok', "
                        + "'2024-02-29 13:14:15.123456+00', '2024-02-29', true, '{\"a\": [1, 2, {\"b\": null}]}', "
                        + "'6f1c1d4e-2b1a-4c7e-9a55-0b1e2d3c4f5a', '\\xdeadbeef00', '{1,2,3}', " + BIG_TEXT_SQL + ", 0)",
                "INSERT INTO public.items (id, amount, note) VALUES (2, -0.000001, NULL)");
        String bigText = PG.queryValue("SELECT big FROM public.items WHERE id = 1");
        assertThat(bigText).hasSize(102_400);

        CONNECT.rest().putConnectorConfig("types", ConnectorConfigs.ferrySource(PG, "types", "public.items"));
        CONNECT.rest().awaitRunning("types", 1, TIMEOUT);
        String topic = "types.public.items";
        // The snapshot begins with a truncate of the table, so a restarted snapshot leaves nothing behind.
        List<Message> snapshot = CONNECT.topics().awaitCount(topic, 3, TIMEOUT);
        assertThat(snapshot).extracting(Message::op).containsExactly("t", "r", "r");
        assertThat(snapshot.get(0).key()).isNull();
        assertThat(snapshot.get(0).payload().path("source").path("table").asText()).isEqualTo("items");
        assertRowOne(snapshot.get(1).after(), bigText, 0);
        JsonNode two = snapshot.get(2).after();
        assertThat(two.get("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("-0.000001"));
        assertThat(two.get("note").isNull()).isTrue();

        PG.execute(
                "INSERT INTO public.items (id, note, tags) VALUES (3, 'third', '{}')",
                "UPDATE public.items SET counter = 7 WHERE id = 1",
                "DELETE FROM public.items WHERE id = 2",
                "UPDATE public.items SET id = 30 WHERE id = 3",
                "TRUNCATE public.items");

        List<Message> all = CONNECT.topics().awaitMessages(topic, TIMEOUT,
                m -> m.stream().skip(3).anyMatch(x -> "t".equals(x.op())));
        List<Message> changes = all.subList(3, all.size()).stream().filter(m -> m.value() != null).toList();
        assertThat(changes).extracting(Message::op).containsExactly("c", "u", "d", "d", "c", "t");

        assertThat(changes.get(0).after().get("id").asLong()).isEqualTo(3);
        assertThat(changes.get(0).after().get("note").asText()).isEqualTo("third");

        Message toastUpdate = changes.get(1);
        assertRowOne(toastUpdate.after(), bigText, 7);
        assertThat(toastUpdate.headers()).doesNotContainKey("ferry.unchanged.columns");
        assertRowOne(toastUpdate.before(), bigText, 0);

        assertThat(changes.get(2).before().get("id").asLong()).isEqualTo(2);
        assertThat(changes.get(2).after().isNull()).isTrue();

        // A primary-key change is a delete of the old key and a create of the new one.
        assertThat(changes.get(3).before().get("id").asLong()).isEqualTo(3);
        assertThat(changes.get(3).keyPayload().get("id").asLong()).isEqualTo(3);
        assertThat(changes.get(4).after().get("id").asLong()).isEqualTo(30);
        assertThat(changes.get(4).after().get("note").asText()).isEqualTo("third");
        assertThat(changes.get(4).keyPayload().get("id").asLong()).isEqualTo(30);

        assertThat(all.stream().map(m -> m.value() == null ? "" : m.payload().toString()))
                .noneMatch(s -> s.contains("__debezium_unavailable_value"));
        CONNECT.rest().deleteConnector("types");
    }

    /**
     * Ferry's chunked snapshot reader and Debezium's own snapshot read the same table of odd types
     * and values: the records must be equal but for timings, transaction and the topic prefix.
     */
    @Test
    void ferrysChunkedSnapshotEmitsTheRecordsDebeziumsSnapshotWould() {
        PG.execute("CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN public.positive AS int CHECK (VALUE > 0)",
                """
                CREATE TABLE public."odd kinds" (
                  id int, "Sub.Key" text, n numeric, n2 numeric(10,3), r real, d double precision,
                  ts timestamp, tstz timestamptz, t time, ttz timetz, day date, iv interval, m money,
                  b bit(4), vb varbit, c char(3), vc varchar(12), j json, jb jsonb, x xml, ip inet, net cidr,
                  mac macaddr, u uuid, bytes bytea, texts text[], nums numeric[], mood public.mood,
                  pos public.positive, pt point, big bigint, small smallint, flag boolean,
                  ints int4range, period tstzrange, times timetz[],
                  PRIMARY KEY (id, "Sub.Key"))""",
                """
                INSERT INTO public."odd kinds" SELECT i, 'k' || i,
                  CASE WHEN i % 7 = 0 THEN 'NaN'::numeric ELSE i * 1.5 END, i / 3.0, i / 7.0,
                  CASE WHEN i % 5 = 0 THEN 'Infinity'::float8 ELSE i / 9.0 END,
                  CASE WHEN i % 11 = 0 THEN 'infinity'::timestamp ELSE '2024-02-29 01:02:03.456789'::timestamp END,
                  CASE WHEN i % 13 = 0 THEN '-infinity'::timestamptz ELSE '2000-01-01 00:00:00+05'::timestamptz END,
                  '23:59:59.999999', '01:02:03+04:30', DATE '1970-01-01' + i, make_interval(months => i, secs => 1.5),
                  i * 1.01, B'1010', B'10', 'ab', 'café ' || i, '{"a": 1}', '{"b": [true, null]}', ('<x>' || i || '</x>')::xml,
                  '10.0.0.1', '10.0.0.0/8', '08:00:2b:01:02:03', md5(i::text)::uuid, decode(md5(i::text), 'hex'),
                  ARRAY['', NULL, 'q"uote'], ARRAY[1.5, NULL], 'happy', i + 1, point(i, -i),
                  9223372036854775807 - i, -32768 + i, i % 2 = 0,
                  int4range(i, i + 10), tstzrange('2020-01-01 00:00+00', '2020-01-02 00:00+02', '[)'),
                  ARRAY['01:02:03+04:30'::timetz, NULL]
                FROM generate_series(1, 300) i""",
                "INSERT INTO public.\"odd kinds\" (id, \"Sub.Key\") VALUES (0, '')");
        Map<String, String> debezium = ConnectorConfigs.ferrySource(PG, "dbzsnap", "public.odd kinds");
        debezium.put("snapshot.reader", "debezium");
        Map<String, String> ferry = ConnectorConfigs.ferrySource(PG, "frysnap", "public.odd kinds");
        ferry.put("snapshot.chunk.rows", "40");
        CONNECT.rest().putConnectorConfig("dbzsnap", debezium);
        CONNECT.rest().putConnectorConfig("frysnap", ferry);
        List<Message> expected = CONNECT.topics().awaitCount("dbzsnap.public.odd_kinds", 302, TIMEOUT);
        List<Message> actual = CONNECT.topics().awaitCount("frysnap.public.odd_kinds", 302, TIMEOUT);
        CONNECT.rest().deleteConnector("dbzsnap");
        CONNECT.rest().deleteConnector("frysnap");

        assertThat(actual.get(0).op()).isEqualTo("t");
        assertThat(actual.stream().filter(m -> "t".equals(m.op()))).hasSize(1);
        assertThat(actual.get(actual.size() - 1).payload().path("source").path("snapshot").asText()).isEqualTo("last");
        // The rows of a chunk share one source block: marking the first and the last must not mark the others.
        List<String> markers = actual.subList(1, actual.size()).stream()
                .map(m -> m.payload().path("source").path("snapshot").asText()).toList();
        assertThat(markers).as("snapshot markers").containsOnlyOnce("last").isSubsetOf("first", "true", "last");
        assertThat(markers.stream().filter("first"::equals)).as("first markers").hasSizeLessThan(2);
        assertThat(comparable(actual, "frysnap")).containsExactlyInAnyOrderElementsOf(comparable(expected, "dbzsnap"));
    }

    /** Each row record as key and value JSON without what differs between two connectors' snapshots. */
    private static List<String> comparable(List<Message> messages, String prefix) {
        return messages.stream().filter(m -> "r".equals(m.op())).map(m -> {
            com.fasterxml.jackson.databind.node.ObjectNode value = m.value().deepCopy();
            com.fasterxml.jackson.databind.node.ObjectNode payload = (com.fasterxml.jackson.databind.node.ObjectNode) value.get("payload");
            payload.remove(List.of("ts_ms", "ts_us", "ts_ns"));
            // Both snapshots start their table empty: each names its own epoch in the envelope schema.
            com.fasterxml.jackson.databind.node.ObjectNode parameters =
                    (com.fasterxml.jackson.databind.node.ObjectNode) value.path("schema").path("parameters");
            assertThat(parameters.path(SnapshotEpoch.SCHEMA_PARAMETER).asText()).startsWith(prefix + "@");
            parameters.put(SnapshotEpoch.SCHEMA_PARAMETER, "EPOCH");
            ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("source"))
                    .remove(List.of("ts_ms", "ts_us", "ts_ns", "txId", "lsn", "name", "snapshot", "sequence", "xmin"));
            return (m.key() + " " + value).replace(prefix + ".", "PREFIX.").replace("\"" + prefix + "\"", "PREFIX");
        }).toList();
    }

    private static void assertRowOne(JsonNode row, String bigText, int counter) {
        assertThat(row.get("id").asLong()).isEqualTo(1);
        assertThat(row.get("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("12345678901234.123456"));
        assertThat(row.get("note").asText()).isEqualTo("caf\u00e9 \uD83D\uDE80 ok");
        assertThat(Instant.parse(row.get("created").asText())).isEqualTo(Instant.parse("2024-02-29T13:14:15.123456Z"));
        assertThat(row.get("day").asLong()).isEqualTo(LocalDate.parse("2024-02-29").toEpochDay());
        assertThat(row.get("active").asBoolean()).isTrue();
        assertThat(row.get("doc").asText()).isEqualTo("{\"a\": [1, 2, {\"b\": null}]}");
        assertThat(row.get("uid").asText()).isEqualTo("6f1c1d4e-2b1a-4c7e-9a55-0b1e2d3c4f5a");
        assertThat(Base64.getDecoder().decode(row.get("blob").asText()))
                .containsExactly(0xde, 0xad, 0xbe, 0xef, 0x00);
        assertThat(row.get("tags").toString()).isEqualTo("[1,2,3]");
        assertThat(row.get("big").asText()).isEqualTo(bigText);
        assertThat(row.get("counter").asInt()).isEqualTo(counter);
    }

    @Test
    void heartbeatsFlowAndTheSlotAdvancesWhileOnlyUnselectedTablesAreWritten() {
        PG.execute("CREATE TABLE public.idle_selected (id int PRIMARY KEY)",
                "CREATE TABLE public.busy_unselected (id serial PRIMARY KEY, payload text)");
        CONNECT.rest().putConnectorConfig("beats", ConnectorConfigs.ferrySource(PG, "beats", "public.idle_selected"));
        CONNECT.rest().awaitRunning("beats", 1, TIMEOUT);

        List<Message> beats = CONNECT.topics().awaitMessages("beats.public.ferry_heartbeat", TIMEOUT,
                m -> m.stream().filter(x -> "ferry_beats".equals(x.after().path("slot_name").asText())).count() >= 3);
        List<Instant> times = beats.stream()
                .filter(x -> "ferry_beats".equals(x.after().path("slot_name").asText()))
                .map(x -> Instant.parse(x.after().get("ts").asText())).toList();
        assertThat(times).isSorted().doesNotHaveDuplicates();

        PG.execute("INSERT INTO public.busy_unselected (payload) "
                + "SELECT repeat(md5(i::text), 100) FROM generate_series(1, 20000) i");
        String walAfterWrites = PG.queryValue("SELECT pg_current_wal_lsn()");
        await("confirmed_flush_lsn of ferry_beats passes " + walAfterWrites).atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "t".equals(PG.queryValue("SELECT confirmed_flush_lsn >= '" + walAfterWrites
                        + "'::pg_lsn FROM pg_replication_slots WHERE slot_name = 'ferry_beats'")));
        assertThat(PG.queryValue("SELECT pubname FROM pg_publication_tables WHERE pubname = 'ferry_beats' "
                + "AND tablename = 'ferry_heartbeat'")).isEqualTo("ferry_beats");
        assertThat(PG.queryValue("SELECT relreplident FROM pg_class WHERE relname = 'idle_selected'")).isEqualTo("f");
        CONNECT.rest().deleteConnector("beats");
    }

    @Test
    void snapshotThrottleHoldsTheConfiguredRowRate() {
        int rows = 3000;
        long rate = 500;
        PG.execute("CREATE TABLE public.throttled (id int PRIMARY KEY, v text)",
                "INSERT INTO public.throttled SELECT i, md5(i::text) FROM generate_series(1, " + rows + ") i");
        Map<String, String> config = ConnectorConfigs.ferrySource(PG, "slow", "public.throttled");
        config.put("snapshot.max.rows.per.second", Long.toString(rate));
        CONNECT.rest().putConnectorConfig("slow", config);

        List<Message> records = CONNECT.topics().awaitCount("slow.public.throttled", rows + 1, TIMEOUT);
        List<Long> stamps = records.stream().filter(m -> "r".equals(m.op())).map(Message::timestamp).sorted().toList();
        assertThat(stamps).hasSize(rows);
        double seconds = (stamps.get(rows - 1) - stamps.get(0)) / 1000.0;
        double measured = (rows - 1) / seconds;
        assertThat(measured).as("snapshot rows per second over %.1f s", seconds).isBetween(rate * 0.8, rate * 1.2);
        CONNECT.rest().deleteConnector("slow");
    }

    @Test
    void unchangedToastWithoutBeforeImageIsNamedInAHeaderInsteadOfAPlaceholder() {
        PG.execute("CREATE TABLE public.toasty (id int PRIMARY KEY, big text NOT NULL, n int)",
                "ALTER TABLE public.toasty ALTER COLUMN big SET STORAGE EXTERNAL",
                "INSERT INTO public.toasty VALUES (1, " + BIG_TEXT_SQL + ", 0)");
        Map<String, String> config = ConnectorConfigs.ferrySource(PG, "toasty", "public.toasty");
        config.put("replica.identity.full", "false");
        CONNECT.rest().putConnectorConfig("toasty", config);
        CONNECT.topics().awaitCount("toasty.public.toasty", 2, TIMEOUT);

        PG.execute("UPDATE public.toasty SET n = 1 WHERE id = 1");
        List<Message> messages = CONNECT.topics().awaitCount("toasty.public.toasty", 3, TIMEOUT);
        Message update = messages.get(2);
        assertThat(update.op()).isEqualTo("u");
        assertThat(update.after().get("n").asInt()).isEqualTo(1);
        assertThat(update.after().get("big").isNull()).isTrue();
        assertThat(update.headers()).containsEntry("ferry.unchanged.columns", "[\"big\"]");
        assertThat(PG.queryValue("SELECT relreplident FROM pg_class WHERE relname = 'toasty'")).isEqualTo("d");
        CONNECT.rest().deleteConnector("toasty");
    }

    @Test
    void aDroppedSlotStopsTheTaskInsteadOfStartingOverSilently() {
        PG.execute("CREATE TABLE public.gone (id int PRIMARY KEY)", "INSERT INTO public.gone VALUES (1)");
        CONNECT.rest().putConnectorConfig("gone", ConnectorConfigs.ferrySource(PG, "gone", "public.gone"));
        CONNECT.topics().awaitCount("gone.public.gone", 2, TIMEOUT);
        PG.execute("INSERT INTO public.gone VALUES (2)");
        CONNECT.topics().awaitCount("gone.public.gone", 3, TIMEOUT);

        CONNECT.rest().stopConnector("gone");
        await("slot ferry_gone released").atMost(TIMEOUT).until(() -> "f".equals(
                PG.queryValue("SELECT active FROM pg_replication_slots WHERE slot_name = 'ferry_gone'")));
        PG.execute("SELECT pg_drop_replication_slot('ferry_gone')");
        CONNECT.rest().resumeConnector("gone");

        await("task gone-0 failed").atMost(TIMEOUT).until(() -> "FAILED".equals(CONNECT.rest().taskState("gone")));
        assertThat(CONNECT.rest().taskTrace("gone")).contains("Replication slot 'ferry_gone' no longer exists");
        assertThat(PG.queryValue("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'ferry_gone'"))
                .isEqualTo("0");
        CONNECT.rest().deleteConnector("gone");
    }
}
