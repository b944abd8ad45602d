package dev.ferry.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an in-process Kafka (KRaft) broker and one Kafka Connect worker per test class. Tests
 * drive it through {@link #rest()}, the worker's real REST API.
 */
public final class ConnectClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> workerProps = new HashMap<>();
    private EmbeddedConnectCluster cluster;

    public ConnectClusterExtension() {
        // Commit source offsets (and so flush the replication slot) often, so tests see it move.
        workerProps.put("offset.flush.interval.ms", "1000");
        // Kafka's own default (the embedded cluster would use service_load): converters from other
        // projects on the classpath, such as Apicurio's AvroConverter, ship no ServiceLoader manifests.
        workerProps.put("plugin.discovery", "hybrid_warn");
    }

    public ConnectClusterExtension withWorkerProperty(String name, String value) {
        workerProps.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = new EmbeddedConnectCluster.Builder()
                .name("ferry-" + UUID.randomUUID().toString().substring(0, 8))
                .numWorkers(1)
                .workerProps(new HashMap<>(workerProps))
                .build();
        cluster.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.stop();
            cluster = null;
        }
    }

    public ConnectRestClient rest() {
        return new ConnectRestClient(cluster.endpointForResource(""));
    }

    public String bootstrapServers() {
        return cluster.kafka().bootstrapServers();
    }

    public TopicReader topics() {
        return new TopicReader(bootstrapServers());
    }

    /** The underlying cluster, for what the REST API cannot do (adding or removing workers). */
    public EmbeddedConnectCluster cluster() {
        return cluster;
    }
}
