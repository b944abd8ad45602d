package dev.ferry.testsupport;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts only an in-process Kafka (KRaft) broker, for tests whose Connect workers run as separate
 * processes ({@link ExternalConnectWorker}).
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafkaCluster kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts the broker; for callers outside JUnit, such as the benchmarks. */
    public void start() {
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "true");
        brokerProps.put("transaction.state.log.replication.factor", "1");
        brokerProps.put("transaction.state.log.min.isr", "1");
        brokerProps.put("offsets.topic.replication.factor", "1");
        kafka = new EmbeddedKafkaCluster(1, brokerProps);
        kafka.start();
    }

    public void stop() {
        if (kafka != null) {
            kafka.stop();
            kafka = null;
        }
    }

    /**
     * Stops the broker for {@code down} and starts it again on the same port with its data, as a
     * broker restart in production; clients reconnect on their own.
     */
    public void restartBroker(Duration down) throws InterruptedException {
        String before = bootstrapServers();
        kafka.stopOnlyBrokers();
        Thread.sleep(down.toMillis());
        kafka.restartOnlyBrokers();
        if (!before.equals(bootstrapServers())) {
            throw new IllegalStateException("the restarted broker listens on " + bootstrapServers() + ", not " + before);
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public TopicReader topics() {
        return new TopicReader(bootstrapServers());
    }
}
