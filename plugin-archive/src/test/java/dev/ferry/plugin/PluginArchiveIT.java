package dev.ferry.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testsupport.ConnectRestClient;
import dev.ferry.testsupport.ConnectorConfigs;
import dev.ferry.testsupport.ExternalConnectWorker;
import dev.ferry.testsupport.KafkaExtension;
import dev.ferry.testsupport.PostgresExtension;
import dev.ferry.testsupport.TopicReader.Message;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Ferry's source connector the way an operator deploys it: a stock Connect worker in its own
 * JVM, with Ferry only on {@code plugin.path} (the unpacked archive). The worker is then killed
 * with SIGKILL mid-stream and replaced, and the topic must still hold every change.
 */
class PluginArchiveIT {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @TempDir
    static Path tempDir;

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String FERRY_JSON_CONVERTER = "dev.ferry.converters.SchemaCachingJsonConverter";
    private static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";
    private static final String FERRY_AVRO_CONVERTER = "dev.ferry.converters.avro.SchemaCachingAvroConverter";
    private static final int SNAPSHOT_ROWS = 500;
    private static final int TOTAL_ROWS = 4000;

    @Test
    void archiveHoldsThePluginJarsManifestAndNoConnectRuntimeJars() throws IOException {
        Path zip = Path.of(System.getProperty("ferry.plugin.path")).getParent()
                .resolve("ferry-connectors-" + version() + ".zip");
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<String> entries = archive.stream().map(e -> e.getName()).toList();
            String root = "ferry-connectors-" + version() + "/";
            assertThat(entries).contains(root + "manifest.json", root + "lib/connector-source-" + version() + ".jar",
                            root + "lib/connector-sink-" + version() + ".jar",
                            root + "lib/transforms-" + version() + ".jar", root + "lib/contract-" + version() + ".jar",
                            root + "lib/converters-" + version() + ".jar")
                    .anyMatch(e -> e.startsWith(root + "lib/debezium-connector-postgres-"))
                    .anyMatch(e -> e.startsWith(root + "lib/jsqlparser-"))
                    .anyMatch(e -> e.startsWith(root + "lib/postgresql-"))
                    .noneMatch(e -> e.matches(".*/lib/(connect-api|connect-runtime|kafka-clients|slf4j-api)-.*"));
        }
    }

    /**
     * A stock worker that scans the archive logs no ERROR or WARN that the archive causes (see
     * {@link PluginCausedLogEntries} for which those are): before, Debezium's CloudEventsConverter
     * failed to initialize against Kafka 4's JsonConverter, twice at every start.
     */
    @Test
    void aStockWorkerStartsWithTheArchiveAndLogsNoErrorOrWarningAboutIt() throws Exception {
        Path workDir = Files.createDirectories(tempDir.resolve("clean-start"));
        Path pluginPath = Path.of(System.getProperty("ferry.plugin.path"));
        Path pluginDir = pluginPath.resolve("ferry-connectors-" + version());
        Path avroDir = avroConverterDir(pluginPath);
        Set<String> pluginPackages = PluginCausedLogEntries.packagesOnlyIn(pluginDir, workerClassPath());
        assertThat(pluginPackages).contains("dev.ferry", "io.debezium", "org.postgresql").doesNotContain("org.apache");
        Set<String> avroPackages = PluginCausedLogEntries.packagesOnlyIn(avroDir, workerClassPath());
        // Apicurio's converter and, beside it (it extends Apicurio's), Ferry's SchemaCachingAvroConverter.
        assertThat(avroPackages).contains("io.apicurio", "dev.ferry");
        try (ExternalConnectWorker worker = worker(pluginPath, workDir, "clean-start", Map.of()).start()) {
            // Debezium's own connector loads from the repacked debezium-core as well as Ferry's; the Avro
            // converter from its own directory, found through the manifest the build adds to it.
            assertThat(worker.rest().connectorPlugins()).contains(ConnectorConfigs.FERRY_SOURCE,
                    "io.debezium.connector.postgresql.PostgresConnector", AVRO_CONVERTER, FERRY_AVRO_CONVERTER,
                    FERRY_JSON_CONVERTER);
            await("the worker's start in its log").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readAllLines(worker.log()).stream().anyMatch(l -> l.contains("Kafka Connect started")));
            List<String> lines = Files.readAllLines(worker.log());
            assertThat(lines).as("the worker scanned the archive").anyMatch(line -> line.contains(pluginDir.toString()));
            List<String> caused = new ArrayList<>(PluginCausedLogEntries.find(lines, pluginDir, pluginPackages));
            caused.addAll(PluginCausedLogEntries.find(lines, avroDir, avroPackages));
            assertThat(caused).as("ERROR or WARN entries that Ferry's plugin directories caused at worker start (first "
                    + "lines below, whole entries after them; log: %s):%n%s", worker.log(),
                    caused.stream().map(entry -> entry.lines().findFirst().orElse("")).collect(Collectors.joining("\n")))
                    .isEmpty();
        }
    }

    @Test
    void runsFromPluginPathAndLosesNothingWhenTheWorkerIsKilled() throws Exception {
        Set<Long> ids = killAndRestartDuringWorkload("alo", Map.of(), false);
        assertThat(ids).containsExactlyElementsOf(expectedIds());
    }

    @Test
    void exactlyOnceSourceSupportLeavesNoDuplicatesAfterAKill() throws Exception {
        List<Long> ids = new ArrayList<>();
        Set<Long> distinct = killAndRestartDuringWorkload("eos", Map.of("exactly.once.source.support", "enabled"), true,
                ids);
        assertThat(distinct).containsExactlyElementsOf(expectedIds());
        assertThat(ids).as("each change exactly once under exactly-once delivery").hasSize(TOTAL_ROWS);
    }

    private Set<Long> killAndRestartDuringWorkload(String name, Map<String, String> workerProps, boolean readCommitted)
            throws Exception {
        return killAndRestartDuringWorkload(name, workerProps, readCommitted, new ArrayList<>());
    }

    /** Returns the distinct captured ids; {@code allIds} receives every captured id, duplicates included. */
    private Set<Long> killAndRestartDuringWorkload(String name, Map<String, String> workerProps, boolean readCommitted,
            List<Long> allIds) throws Exception {
        String table = "public.crash_" + name;
        PG.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, v text)",
                "INSERT INTO " + table + " SELECT i, md5(i::text) FROM generate_series(1, " + SNAPSHOT_ROWS + ") i");
        Path workDir = Files.createDirectories(tempDir.resolve(name));
        Path pluginPath = Path.of(System.getProperty("ferry.plugin.path"));

        ExternalConnectWorker first = worker(pluginPath, workDir, name, workerProps).start();
        ConnectRestClient rest = first.rest();
        assertThat(rest.connectorPlugins()).contains(ConnectorConfigs.FERRY_SOURCE, "dev.ferry.sink.DatabaseSinkConnector",
                "dev.ferry.transforms.RenameObjects", "dev.ferry.transforms.FilterRows",
                "dev.ferry.transforms.FilterOperations", FERRY_JSON_CONVERTER);
        Map<String, String> source = ConnectorConfigs.ferrySource(PG, name, table);
        if (name.equals("alo")) {
            // Ferry's converter from plugin.path, beside Kafka's JsonConverter and Jackson on the worker's class path.
            source.put("key.converter", FERRY_JSON_CONVERTER);
            source.put("value.converter", FERRY_JSON_CONVERTER);
        }
        rest.putConnectorConfig(name, source);
        rest.awaitRunning(name, 1, TIMEOUT);
        String topic = name + "." + table;
        KAFKA.topics().awaitCount(topic, SNAPSHOT_ROWS, TIMEOUT);

        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> insertRows(table, SNAPSHOT_ROWS + 1, TOTAL_ROWS));
        KAFKA.topics().awaitCount(topic, SNAPSHOT_ROWS + 800, TIMEOUT);
        first.kill();

        try (ExternalConnectWorker second = worker(pluginPath, workDir, name, workerProps).start()) {
            second.rest().awaitRunning(name, 1, TIMEOUT);
            writes.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            KAFKA.topics().awaitMessages(topic, TIMEOUT, m -> capturedIds(m).size() >= TOTAL_ROWS);
            List<Message> messages = KAFKA.topics().readAll(topic, readCommitted);
            for (Message message : messages) {
                if (message.value() != null && message.after().has("id")) {
                    allIds.add(message.after().get("id").asLong());
                }
            }
            second.rest().deleteConnector(name);
            return capturedIds(messages);
        }
    }

    private static ExternalConnectWorker worker(Path pluginPath, Path workDir, String name, Map<String, String> props) {
        ExternalConnectWorker worker = new ExternalConnectWorker(KAFKA.bootstrapServers(), pluginPath, workDir,
                "ferry-" + name)
                // Reassign the killed worker's task at once instead of waiting for it to come back.
                .withProperty("scheduled.rebalance.max.delay.ms", "0");
        props.forEach(worker::withProperty);
        return worker;
    }

    private static void insertRows(String table, int from, int to) {
        try (Connection connection = PG.connect();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, md5(?::text))")) {
            for (int i = from; i <= to; i++) {
                insert.setLong(1, i);
                insert.setInt(2, i);
                insert.executeUpdate();
                if (i % 20 == 0) {
                    Thread.sleep(10);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("workload failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<Long> capturedIds(List<Message> messages) {
        return messages.stream().filter(m -> m.value() != null && m.after().has("id"))
                .map(m -> m.after().get("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Long> expectedIds() {
        return IntStream.rangeClosed(1, TOTAL_ROWS).mapToObj(i -> (long) i).toList();
    }

    private static List<Path> workerClassPath() throws IOException {
        String classPath = Files.readString(Path.of(System.getProperty(ExternalConnectWorker.CLASSPATH_FILE_PROPERTY)));
        return Arrays.stream(classPath.trim().split(File.pathSeparator)).map(Path::of).toList();
    }

    private static String version() {
        return pluginDirNamed(Path.of(System.getProperty("ferry.plugin.path")), "ferry-connectors-").getFileName()
                .toString().substring("ferry-connectors-".length());
    }

    private static Path avroConverterDir(Path pluginPath) throws IOException {
        return pluginDirNamed(pluginPath, "apicurio-avro-converter-");
    }

    private static Path pluginDirNamed(Path pluginPath, String prefix) {
        try (Stream<Path> dirs = Files.list(pluginPath)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + prefix + "* directory in " + pluginPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
