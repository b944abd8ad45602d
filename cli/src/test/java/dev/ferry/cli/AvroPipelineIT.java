package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.cli.config.ConnectorConfigFile;
import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.SchemaRegistryExtension;
import dev.ferry.testsupport.TableDigest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline in Avro against a real schema registry, configured from the Avro files in
 * config-examples/: Ferry source → Avro (Confluent wire format, schemas registered in Apicurio
 * Registry) → Ferry sink into PostgreSQL and MySQL (MariaDB). Snapshot, live changes of every
 * kind and an added column must end with target rows equal to source rows.
 */
class AvroPipelineIT {

    @RegisterExtension
    static final PostgresExtension SOURCE = new PostgresExtension();

    @RegisterExtension
    static final PostgresExtension TARGET_PG = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension TARGET_MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String ORDERS = "SELECT id, amount, price, note, created AT TIME ZONE 'UTC', day, at_time, "
            + "active, doc, uid, blob, tags, counter FROM public.orders ORDER BY id";
    private static final String MYSQL_ORDERS = "SELECT id, amount, price, note, created, day, at_time, active, doc, "
            + "uid, `blob`, tags, counter FROM orders ORDER BY id";
    private static final String CUSTOMERS = "SELECT id, name, country FROM public.customers ORDER BY id";
    private static final String MYSQL_CUSTOMERS = "SELECT id, name, country FROM customers ORDER BY id";

    @Test
    void avroPipelineFromTheExamplesEndsWithTargetsEqualToTheSource() throws Exception {
        SOURCE.execute("""
                CREATE TABLE public.orders (
                  id bigint PRIMARY KEY,
                  amount numeric(20,6),
                  price numeric,
                  note text,
                  created timestamptz,
                  day date,
                  at_time time,
                  active boolean,
                  doc jsonb,
                  uid uuid,
                  blob bytea,
                  tags int[],
                  counter int)""",
                "INSERT INTO public.orders SELECT i, i * 1000.123456, i / 7.0, 'note ' || i || ' \u00e9\uD83D\uDE80', "
                        + "timestamptz '2024-01-01 00:00:00.123456+00' + i * interval '1 minute', "
                        + "date '2020-01-01' + (i % 3000), time '12:34:56.789' + i * interval '1 second', i % 2 = 0, "
                        + "jsonb_build_object('i', i), md5(i::text)::uuid, decode(md5(i::text), 'hex'), "
                        + "ARRAY[i, i + 1], 0 FROM generate_series(1, 3000) i",
                "CREATE TABLE public.customers (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO public.customers SELECT i, 'customer ' || i FROM generate_series(1, 200) i");

        Map<String, String> values = Configs.examplePlaceholders(SOURCE, TARGET_PG, TARGET_MARIADB);
        values.put("SCHEMA_REGISTRY_URL", REGISTRY.registryUrl());
        Path examples = Path.of(System.getProperty("ferry.home"), "config-examples");
        Map<String, String> source = ConnectorConfigFile.load(examples.resolve("source-postgres-avro.json"), values::get);
        source.put("heartbeat.interval.ms", "1000");
        Map<String, String> pgSink = ConnectorConfigFile.load(examples.resolve("sink-postgres-avro.json"), values::get);
        pgSink.put("errors.deadletterqueue.topic.replication.factor", "1"); // one broker here
        // MySQL's example with the Avro converters of the PostgreSQL one: converters are per connector.
        Map<String, String> mysqlSink = ConnectorConfigFile.load(examples.resolve("sink-mysql.json"), values::get);
        mysqlSink.keySet().removeIf(key -> key.contains("converter"));
        pgSink.forEach((key, value) -> {
            if (key.contains("converter")) {
                mysqlSink.put(key, value);
            }
        });

        CONNECT.rest().putConnectorConfig("shop-source", source);
        // Sinks subscribe by pattern; start them once the source has created its topics, as an operator would.
        firstRecords("shop.public.orders", 1);
        firstRecords("shop.public.customers", 1);
        CONNECT.rest().putConnectorConfig("shop-to-pg", pgSink);
        CONNECT.rest().putConnectorConfig("shop-to-mysql", mysqlSink);
        CONNECT.rest().awaitRunning("shop-to-pg", 1, TIMEOUT);
        CONNECT.rest().awaitRunning("shop-to-mysql", 1, TIMEOUT);

        awaitEqual("orders snapshot in PostgreSQL", ORDERS, TARGET_PG, ORDERS);
        SOURCE.execute(
                "INSERT INTO public.orders (id, amount, note, created, tags, counter) SELECT i, i, 'live ' || i, "
                        + "now(), ARRAY[]::int[], 1 FROM generate_series(3001, 3500) i",
                "UPDATE public.orders SET counter = counter + 1, price = NULL, note = note || ' \u2713' WHERE id % 7 = 0",
                "DELETE FROM public.orders WHERE id % 11 = 0",
                "UPDATE public.orders SET id = id + 1000000 WHERE id % 13 = 0 AND id <= 1000",
                "UPDATE public.orders SET doc = NULL, tags = NULL, blob = NULL WHERE id BETWEEN 100 AND 110",
                // A new column: the source writes records with a second value schema version.
                "ALTER TABLE public.customers ADD COLUMN country text",
                "INSERT INTO public.customers SELECT i, 'customer ' || i, 'DE' FROM generate_series(201, 250) i",
                "UPDATE public.customers SET name = 'renamed ' || id WHERE id % 5 = 0",
                "DELETE FROM public.customers WHERE id % 17 = 0");

        awaitEqual("orders in PostgreSQL", ORDERS, TARGET_PG, ORDERS);
        awaitEqual("orders in MySQL", ORDERS, TARGET_MARIADB, MYSQL_ORDERS);
        awaitEqual("customers in PostgreSQL", CUSTOMERS, TARGET_PG, CUSTOMERS);
        awaitEqual("customers in MySQL", CUSTOMERS, TARGET_MARIADB, MYSQL_CUSTOMERS);
        assertThat(CONNECT.rest().taskState("shop-to-pg")).isEqualTo("RUNNING");
        assertThat(CONNECT.rest().taskState("shop-to-mysql")).isEqualTo("RUNNING");

        assertThat(REGISTRY.subjects()).contains("shop.public.orders-key", "shop.public.orders-value",
                "shop.public.customers-key", "shop.public.customers-value");
        assertThat(REGISTRY.versions("shop.public.customers-value")).as("a version per column set").hasSizeGreaterThan(1);
        for (String topic : List.of("shop.public.orders", "shop.public.customers")) {
            List<ConsumerRecord<byte[], byte[]>> records = firstRecords(topic, 20);
            // The schema record and the truncate ahead of the table's snapshot come first, without a key
            // (like Debezium's own truncates); then the rows.
            assertThat(records.subList(0, 2)).as(topic + " schema record and snapshot truncate")
                    .allSatisfy(record -> assertThat(record.key()).isNull());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.key() != null) {
                    assertConfluentWireFormat(topic + " key", record.key());
                }
                assertConfluentWireFormat(topic + " value", record.value());
            }
            assertThat(records.subList(2, records.size())).as(topic + " rows").allSatisfy(record ->
                    assertThat(record.key()).isNotNull());
        }
    }

    /** Magic byte 0, then the 4-byte id of a schema the registry serves (Confluent's wire format). */
    private static void assertConfluentWireFormat(String what, byte[] bytes) {
        assertThat(bytes).as(what).isNotNull().hasSizeGreaterThan(5);
        assertThat(bytes[0]).as(what + " magic byte").isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(REGISTRY.schemaById(id).path("schema").asText()).as(what + " schema " + id).contains("\"record\"");
    }

    /** The topic's first {@code count} records that have a value, waiting for them up to {@link #TIMEOUT}. */
    private static List<ConsumerRecord<byte[], byte[]>> firstRecords(String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CONNECT.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (record.value() != null && records.size() < count) {
                        records.add(record);
                    }
                });
            }
            assertThat(records).as(topic).hasSize(count);
            return records;
        }
    }

    private static void awaitEqual(String what, String sourceSql, Object target, String targetSql) throws SQLException {
        List<String> expected = rows(SOURCE, sourceSql);
        await(what).atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
            List<String> actual = rows(target, targetSql);
            assertThat(actual).as(what).hasSameSizeAs(expected);
            assertThat(TableDigest.checksum(actual)).as(what).isEqualTo(TableDigest.checksum(expected));
        });
    }

    private static List<String> rows(Object database, String sql) throws SQLException {
        try (Connection connection = database instanceof PostgresExtension pg ? pg.connect()
                : ((MariaDbExtension) database).connect()) {
            return TableDigest.rows(connection, sql);
        }
    }
}
