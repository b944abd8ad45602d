package dev.ferry.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.testsupport.ExternalConnectWorker;
import dev.ferry.testsupport.KafkaExtension;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.SchemaRegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The servers every workload runs on, started once per benchmark run: a PostgreSQL 17 source (with
 * a second database, {@code target}, as the PostgreSQL target), a MariaDB target and a Kafka broker.
 * Connect workers are started per contender and workload, each in its own JVM with only that
 * contender's plugins on {@code plugin.path}, so its CPU time and peak memory are its own.
 */
public final class Lab implements AutoCloseable {

    public static final String TARGET_DATABASE = "target";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Records that are not rows: Ferry's schema records name their Connect schema, and the snapshot's
     * truncate event (which clears a table's target copy before its rows) has operation "t".
     */
    private static final List<String> NOT_ROWS = List.of(StructureRecords.SCHEMA_NAME, "\"op\":\"t\"");

    private final PostgresExtension postgres = new PostgresExtension()
            .withSetting("shared_buffers", "256MB")
            .withSetting("max_wal_size", "4GB")
            .withSetting("checkpoint_timeout", "30min")
            // The test servers commit asynchronously; a logical walsender only sends flushed WAL, so
            // each change would wait for the WAL writer (wal_writer_delay, 200 ms) and every latency
            // measured here would carry it. Servers in production commit synchronously.
            .withSetting("synchronous_commit", "on");
    private final MariaDbExtension mariaDb = new MariaDbExtension();
    private final KafkaExtension kafka = new KafkaExtension();
    private final Path workDir;
    private final Map<String, Path> pluginPaths;
    private final List<String> extraJvmOptions;
    private final AtomicInteger workers = new AtomicInteger();
    private KafkaConsumer<byte[], byte[]> offsetReader;
    private String heap;
    private WireFormat format = WireFormat.JSON;
    /** Started with the first Avro workload. */
    private SchemaRegistryExtension registry;
    private AvroRows avroRows;
    private final Map<String, String> overrides = new java.util.HashMap<>();

    Lab(Path workDir, Map<String, Path> pluginPaths, List<String> extraJvmOptions) {
        this.workDir = workDir;
        this.pluginPaths = pluginPaths;
        this.extraJvmOptions = extraJvmOptions;
    }

    public Lab start() throws Exception {
        Files.createDirectories(workDir);
        postgres.start();
        postgres.execute("CREATE DATABASE " + TARGET_DATABASE);
        mariaDb.start();
        kafka.start();
        return this;
    }

    public void heap(String heap) {
        this.heap = heap;
    }

    public String heap() {
        return heap;
    }

    /** The format the workloads from now on write and read; Avro starts the schema registry. */
    public void format(WireFormat format) throws Exception {
        this.format = format;
        if (format == WireFormat.AVRO && registry == null) {
            registry = new SchemaRegistryExtension();
            registry.beforeAll(null);
            avroRows = new AvroRows(registry);
        }
    }

    public WireFormat format() {
        return format;
    }

    /**
     * A change event's value as JSON, in either format: the payload of a JSON record, or an Avro
     * record decoded and rendered by Avro's own JSON rendering; null for a value that is not JSON.
     */
    public JsonNode eventAsJson(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            if (format == WireFormat.AVRO) {
                return JSON.readTree(avroRows.decode(value).toString());
            }
            JsonNode node = JSON.readTree(value);
            return node.has("payload") ? node.get("payload") : node;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The schema registry's Apicurio API, for Avro converters. */
    public String registryUrl() {
        if (registry == null) {
            throw new IllegalStateException("no schema registry: the run is not in Avro");
        }
        return registry.registryUrl();
    }

    /** {@code --override contender.kind.key=value}: a connector setting changed for an experiment. */
    public void override(String setting) {
        int equals = setting.indexOf('=');
        if (equals < 0 || setting.chars().limit(equals).filter(c -> c == '.').count() < 2) {
            throw new IllegalArgumentException("--override takes contender.source|sink.key=value, got '" + setting + "'");
        }
        overrides.put(setting.substring(0, equals), setting.substring(equals + 1));
    }

    /** The overridden settings of one contender's source or sink connectors. */
    public Map<String, String> overrides(String contender, String kind) {
        String prefix = contender + "." + kind + ".";
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        return settings;
    }

    /**
     * A connector name unique to this workload, contender and heap: Connect keeps a deleted
     * connector's offsets, so a name used twice would resume where the first one stopped. Avro
     * runs add the format: their topics must not be the JSON runs'.
     */
    public String connectorName(String workload, String contender) {
        String name = workload + "_" + contender + "_" + heap + (format == WireFormat.JSON ? "" : "_" + format);
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    public PostgresExtension postgres() {
        return postgres;
    }

    public MariaDbExtension mariaDb() {
        return mariaDb;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Path workDir() {
        return workDir;
    }

    public Connection source() throws SQLException {
        return postgres.connect();
    }

    public String postgresTargetUrl() {
        return postgres.jdbcUrl(TARGET_DATABASE);
    }

    public Connection postgresTarget() throws SQLException {
        return DriverManager.getConnection(postgresTargetUrl(), PostgresExtension.USER, PostgresExtension.PASSWORD);
    }

    /** A fresh worker JVM for one contender, with its own Connect group and internal topics. */
    public MeteredWorker startWorker(String contender) {
        return startWorker(contender, contender + "-" + workers.incrementAndGet());
    }

    /** A worker JVM joining {@code group}: a later worker of the same group finds its connectors again. */
    public MeteredWorker startWorker(String contender, String group) {
        Path pluginPath = pluginPaths.get(contender);
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + heap);
        jvm.addAll(extraJvmOptions.stream().map(o -> o.replace("{name}", group)).toList());
        ExternalConnectWorker worker = new ExternalConnectWorker(bootstrapServers(), pluginPath,
                workDir.resolve("workers").resolve(group + "-" + workers.incrementAndGet()), group)
                .withJvmOptions(jvm)
                .withProperty("offset.flush.interval.ms", "10000");
        if (format == WireFormat.AVRO && !contender.equals(Measurement.FERRY)) {
            // Ferry's plugin directory carries the Avro converter; another contender gets the same one.
            worker.withProperty("plugin.path", pluginPath.toAbsolutePath() + "," + avroConverterPlugin());
        }
        worker.start();
        return new MeteredWorker(worker);
    }

    /** The Avro converter's plugin directory, inside Ferry's plugin path. */
    private Path avroConverterPlugin() {
        try (var dirs = Files.list(pluginPaths.get(Measurement.FERRY))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("apicurio-avro-converter")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no apicurio-avro-converter directory in "
                            + pluginPaths.get(Measurement.FERRY)))
                    .toAbsolutePath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions before a connector writes to it (a
     * topic Connect creates has the worker's defaults, and one created meanwhile by a consumer's
     * metadata request would have one partition).
     */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Records in a topic so far (the sum of its partitions' end offsets); 0 if it does not exist yet. */
    public long topicRecords(String topic) {
        if (offsetReader == null) {
            offsetReader = consumer();
        }
        List<TopicPartition> partitions = partitions(offsetReader, topic);
        return offsetReader.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until the topics hold exactly {@code expected} rows besides Ferry's schema records (a
     * contender's last records may still be in flight when the timed condition, which counts all
     * records, is met), and fails naming the count otherwise.
     */
    public void verifyRows(String contender, List<String> topics, long expected) {
        long seen = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            seen = topics.stream().mapToLong(this::countRows).sum();
            if (seen == expected) {
                return;
            }
            pause(2000);
        }
        throw new IllegalStateException(contender + " wrote " + seen + " rows to " + topics + ", expected " + expected);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Reads a whole topic and counts its rows (the records that are none of {@link #NOT_ROWS}); not timed. */
    private long countRows(String topic) {
        List<byte[]> markers = NOT_ROWS.stream().map(m -> m.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        long[] counted = {0};
        readTopic(topic, record -> {
            if (record.value() == null) {
                return;
            }
            if (format == WireFormat.AVRO ? avroRows.isRow(record.value())
                    : markers.stream().noneMatch(m -> contains(record.value(), m))) {
                counted[0]++;
            }
        });
        return counted[0];
    }

    /** Hands every record a topic holds now to {@code reader}, partition by partition, one at a time; not timed. */
    public void readTopic(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> reader) {
        long total = topicRecords(topic);
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (seen < total) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(java.time.Duration.ofSeconds(1))) {
                    seen++;
                    reader.accept(record);
                }
            }
        }
    }

    private static boolean contains(byte[] value, byte[] marker) {
        outer:
        for (int i = 0; i <= value.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (value[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        return new KafkaConsumer<>(props);
    }

    /** Drops every replication slot no connector is reading, so the next workload starts clean. */
    public void dropIdleSlots() {
        postgres.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active");
    }

    public static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Polls {@code done} every 100 ms until it holds; fails after {@code timeoutSeconds}. */
    public static void awaitCondition(String what, long timeoutSeconds, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s waiting for " + what);
            }
            pause(100);
        }
    }

    @Override
    public void close() throws Exception {
        if (offsetReader != null) {
            offsetReader.close();
        }
        if (registry != null) {
            registry.afterAll(null);
        }
        kafka.stop();
        mariaDb.stop();
        postgres.stop();
    }
}
