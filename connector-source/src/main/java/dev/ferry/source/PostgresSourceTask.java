package dev.ferry.source;

import dev.ferry.contract.DebeziumDefaults;
import dev.ferry.source.catalog.ReplicaIdentityEnforcer;
import dev.ferry.source.catalog.SelectedTables;
import dev.ferry.source.catalog.SourceConnections;
import dev.ferry.source.config.DebeziumProperties;
import dev.ferry.source.config.FerrySourceConfig;
import dev.ferry.source.heartbeat.HeartbeatWriter;
import dev.ferry.source.slot.SlotGuard;
import dev.ferry.source.slot.SlotOwnership;
import dev.ferry.source.snapshot.SnapshotTruncates;
import dev.ferry.source.throttle.RecordThrottle;
import dev.ferry.source.toast.UnchangedToastFiller;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Debezium's PostgreSQL task and adds Ferry's work around it. The delegate owns decoding,
 * the snapshot and offsets; this task prepares the database first, then post-processes each
 * batch. Offsets commit through the delegate, so the slot only advances past what Kafka has
 * acknowledged.
 */
public class PostgresSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceTask.class);

    private final PostgresConnectorTask delegate = new PostgresConnectorTask();
    private HeartbeatWriter heartbeat;
    private UnchangedToastFiller toastFiller;
    private RecordThrottle throttle;
    private final SnapshotTruncates snapshotTruncates = new SnapshotTruncates();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void initialize(SourceTaskContext context) {
        super.initialize(context);
        delegate.initialize(context);
    }

    @Override
    public void start(Map<String, String> props) {
        FerrySourceConfig ferry = new FerrySourceConfig(props);
        Map<String, String> debeziumProps = DebeziumProperties.from(props);
        String slotName = debeziumProps.get(FerrySourceConfig.SLOT_NAME);
        prepareDatabase(ferry, debeziumProps, slotName);

        toastFiller = new UnchangedToastFiller(debeziumProps.getOrDefault(
                DebeziumProperties.UNAVAILABLE_VALUE_PLACEHOLDER, DebeziumDefaults.UNAVAILABLE_VALUE_PLACEHOLDER));
        throttle = new RecordThrottle(ferry);
        if (ferry.heartbeatIntervalMs() > 0) {
            heartbeat = HeartbeatWriter.start(debeziumProps, ferry.heartbeatTable(), slotName,
                    debeziumProps.get(DebeziumProperties.TOPIC_PREFIX), ferry.heartbeatIntervalMs());
        }
        LOG.info("Starting capture of {} with slot {} and publication {}", SourceConnections.describe(debeziumProps),
                slotName, debeziumProps.get(FerrySourceConfig.PUBLICATION_NAME));
        delegate.start(debeziumProps);
    }

    private void prepareDatabase(FerrySourceConfig ferry, Map<String, String> debeziumProps, String slotName) {
        try (Connection connection = SourceConnections.open(debeziumProps)) {
            SlotGuard.checkSlotStillExists(connection, context.offsetStorageReader(),
                    debeziumProps.get(DebeziumProperties.TOPIC_PREFIX), slotName);
            String conflict = SlotOwnership.conflict(connection, ferry.heartbeatTable(), slotName,
                    debeziumProps.get(DebeziumProperties.TOPIC_PREFIX));
            if (conflict != null) {
                throw new ConnectException(conflict);
            }
            if (ferry.heartbeatIntervalMs() > 0) {
                HeartbeatWriter.createTableIfMissing(connection, ferry.heartbeatTable());
            }
            if (ferry.replicaIdentityFull()) {
                ReplicaIdentityEnforcer.enforce(connection, SelectedTables.load(connection, debeziumProps));
            }
        } catch (SQLException e) {
            // The database may be briefly unreachable; let Connect retry the start.
            throw new RetriableException("Cannot prepare source " + SourceConnections.describe(debeziumProps)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records = delegate.poll();
        if (records == null || records.isEmpty()) {
            return records;
        }
        List<SourceRecord> filled = new ArrayList<>(records.size());
        for (SourceRecord record : records) {
            filled.add(toastFiller.fill(record));
        }
        throttle.pace(filled);
        return snapshotTruncates.addTo(filled);
    }

    @Override
    public void commit() throws InterruptedException {
        delegate.commit();
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
        delegate.commitRecord(record, metadata);
    }

    @Override
    public void stop() {
        if (heartbeat != null) {
            heartbeat.close();
            heartbeat = null;
        }
        try {
            delegate.stop();
        } catch (RuntimeException e) {
            throw new ConnectException("Debezium task failed to stop cleanly", e);
        }
    }
}
