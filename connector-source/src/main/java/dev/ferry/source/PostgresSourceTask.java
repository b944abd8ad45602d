package dev.ferry.source;

import dev.ferry.contract.DebeziumDefaults;
import dev.ferry.source.catalog.ReplicaIdentityEnforcer;
import dev.ferry.source.catalog.SelectedTables;
import dev.ferry.source.catalog.SourceConnections;
import dev.ferry.source.config.DebeziumProperties;
import dev.ferry.source.config.FerrySourceConfig;
import dev.ferry.source.config.QualifiedTableName;
import dev.ferry.source.ddl.DdlStream;
import dev.ferry.source.exactlyonce.TransactionBoundaries;
import dev.ferry.source.heartbeat.HeartbeatWriter;
import dev.ferry.source.keychange.KeyChangeOffsets;
import dev.ferry.source.metrics.SourceMetrics;
import dev.ferry.source.retry.ConnectionRetryWindow;
import dev.ferry.source.slot.PublicationSync;
import dev.ferry.source.slot.SlotGuard;
import dev.ferry.source.slot.SlotOwnership;
import dev.ferry.source.snapshot.AddedTableSignals;
import dev.ferry.source.snapshot.AddedTables;
import dev.ferry.source.snapshot.FullSyncProgress;
import dev.ferry.source.snapshot.PartitionedParentSnapshot;
import dev.ferry.source.snapshot.SnapshotTruncates;
import dev.ferry.source.snapshot.chunked.ChunkedSnapshot;
import dev.ferry.source.snapshot.chunked.SnapshotProgress;
import dev.ferry.source.snapshot.chunked.SnapshotRestart;
import dev.ferry.source.structure.SchemaRecords;
import dev.ferry.source.throttle.RecordThrottle;
import dev.ferry.source.toast.UnchangedToastFiller;
import io.debezium.connector.common.DebeziumTaskState;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Debezium's PostgreSQL task and adds Ferry's work around it. The delegate owns decoding
 * and the stream's offsets; this task prepares the database first (in the first polls, retrying
 * an unreachable database within connection.retry.window.ms, as while streaming), reads the initial snapshot with
 * Ferry's {@link ChunkedSnapshot} where it can (then starts the delegate without one), and
 * post-processes each batch. Stream offsets commit through the delegate, so the slot only
 * advances past what Kafka has acknowledged.
 */
public class PostgresSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceTask.class);

    private final PostgresConnectorTask delegate;
    private HeartbeatWriter heartbeat;
    /** The offset of the last snapshot record handed to Connect, and the progress to resume from after a lost connection. */
    private Map<String, ?> snapshotHandedOver;
    private SnapshotProgress resumeSnapshotFrom;
    private UnchangedToastFiller toastFiller;
    private RecordThrottle throttle;
    private final SnapshotTruncates snapshotTruncates = new SnapshotTruncates();
    private final KeyChangeOffsets keyChangeOffsets = new KeyChangeOffsets();
    private FerrySourceConfig ferry;
    private Map<String, String> debeziumProps;
    private String slotName;
    /** connection.retry.window.ms, at start (Ferry's preparation) and while streaming (Debezium's restarts). */
    private ConnectionRetryWindow retryWindow;
    /** Schema records read at start, handed out by the first poll ahead of Debezium's records. */
    private List<SourceRecord> schemaRecords = List.of();
    private long nextSchemaRecordsAt = Long.MAX_VALUE;
    private FullSyncProgress fullSync;
    private final Set<String> schemaRecordWarnings = new HashSet<>();
    /** The snapshot Ferry reads before Debezium streams; null when there is none (left). */
    private volatile ChunkedSnapshot chunkedSnapshot;
    /** Debezium's properties for the delegate: without its own snapshot when Ferry reads it. */
    private Map<String, String> delegateProps;
    /** DDL records in place of the DDL command table's events; null without ddl.sync. */
    private DdlStream ddlStream;
    /** Leaves the signaling table's events out; null without snapshot.added.tables. */
    private AddedTableSignals signals;
    /** Set by poll() once the database is prepared. */
    private boolean captureStarted;
    /** Set by poll() once Debezium runs; read by stop() and commit() on other threads. */
    private volatile boolean delegateStarted;
    /** Set once Debezium ran its stream (so its slot existed): a slot missing at a restart was dropped. */
    private boolean debeziumStreamed;
    private volatile boolean stopping;
    private final SourceMetrics metrics = new SourceMetrics();
    private TransactionBoundaries transactionBoundaries = TransactionBoundaries.of(null);

    public PostgresSourceTask() {
        this(new PostgresConnectorTask());
    }

    /** With a given Debezium task: tests make its start meet a database that goes down. */
    PostgresSourceTask(PostgresConnectorTask delegate) {
        this.delegate = delegate;
    }

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
        ferry = new FerrySourceConfig(props);
        debeziumProps = DebeziumProperties.from(props);
        slotName = debeziumProps.get(FerrySourceConfig.SLOT_NAME);
        toastFiller = new UnchangedToastFiller(debeziumProps.getOrDefault(
                DebeziumProperties.UNAVAILABLE_VALUE_PLACEHOLDER, DebeziumDefaults.UNAVAILABLE_VALUE_PLACEHOLDER));
        throttle = new RecordThrottle(ferry);
        transactionBoundaries = TransactionBoundaries.of(context);
        retryWindow = new ConnectionRetryWindow(ferry.connectionRetryWindowMs(), System::currentTimeMillis);
        metrics.register(props.getOrDefault("name", topicPrefix()));
        metrics.retryWindow(retryWindow);
        metrics.alertOnRetainedWal(slotName, ferry.alertRetainedWalBytes());
        // The database is first reached in poll(): Connect does not retry a failed start(), and a
        // task waiting in poll() for its database stays RUNNING within connection.retry.window.ms.
    }

    /** Prepares the database and starts Debezium; false while the database cannot be reached yet. */
    private boolean startCapture() throws InterruptedException {
        String where = SourceConnections.describe(debeziumProps);
        try {
            prepareDatabase();
        } catch (SnapshotRestart e) {
            LOG.warn("{}", e.getMessage());
            sleepUnlessStopping(1000);
            return false;
        } catch (SQLException e) {
            if (!ConnectionRetryWindow.isConnectionFailure(e)) {
                throw new ConnectException("Cannot prepare source " + where + ": " + e.getMessage(), e);
            }
            long waitMs = retryWindow.failed();
            if (waitMs < 0) {
                throw new ConnectException("Source " + where + " unreachable for " + retryWindow.failingFor()
                        + " (connection.retry.window.ms=" + ferry.connectionRetryWindowMs() + "): " + e.getMessage(), e);
            }
            LOG.warn("Source {} unreachable (attempt {}, {} left in connection.retry.window.ms): {}; retrying in {} ms",
                    where, retryWindow.attempts(), retryWindow.left(), e.getMessage(), waitMs);
            sleepUnlessStopping(waitMs);
            return false;
        }
        int attempts = retryWindow.attempts();
        if (retryWindow.recovered()) {
            LOG.info("Source {} reachable again after {} attempt(s)", where, attempts);
        }
        if (ferry.heartbeatIntervalMs() > 0) {
            heartbeat = HeartbeatWriter.start(debeziumProps, ferry.heartbeatTable(), slotName,
                    debeziumProps.get(DebeziumProperties.TOPIC_PREFIX), ferry.heartbeatIntervalMs(), metrics);
        }
        captureStarted = true;
        return true;
    }

    /**
     * Starts Debezium, once the database is prepared and Ferry's snapshot (if any) delivered; false
     * while the database cannot be reached. Debezium retries a start only on a RetriableException;
     * a database that goes down between Ferry's preparation and Debezium's first connection fails
     * its start with a DebeziumException ("Couldn't initialize type registry"), which the retry
     * window covers like any other lost connection (found by ChaosIT -Pchaos seeds 58 and 74: the
     * source restarted about a second after the task started).
     */
    private boolean startDelegate() throws InterruptedException {
        LOG.info("Starting capture of {} with slot {} and publication {}", SourceConnections.describe(debeziumProps),
                slotName, debeziumProps.get(FerrySourceConfig.PUBLICATION_NAME));
        Map<String, String> streaming = delegateProps;
        try {
            streaming = PublicationSync.apart(delegateProps);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cannot sync publication {} apart from the streaming connection ({}); Debezium checks it there, "
                    + "and a backlog older than DDL on a selected table may reach Kafka in the table's later shape",
                    debeziumProps.get(FerrySourceConfig.PUBLICATION_NAME), e.getMessage());
        }
        try {
            delegate.start(streaming);
        } catch (RuntimeException e) {
            if (!ConnectionRetryWindow.isConnectionFailure(e)) {
                throw e;
            }
            stopFailedDelegate();
            String where = SourceConnections.describe(debeziumProps);
            long waitMs = retryWindow.failed();
            if (waitMs < 0) {
                throw new ConnectException("Source " + where + " unreachable for " + retryWindow.failingFor()
                        + " when streaming starts (connection.retry.window.ms=" + ferry.connectionRetryWindowMs()
                        + "): " + rootMessage(e), e);
            }
            LOG.warn("Source {} unreachable when streaming starts (attempt {}, {} left in connection.retry.window.ms): "
                    + "{}; retrying in {} ms", where, retryWindow.attempts(), retryWindow.left(), rootMessage(e), waitMs);
            sleepUnlessStopping(waitMs);
            return false;
        }
        delegateStarted = true;
        return true;
    }

    /** Releases what a Debezium start that failed half-way opened; it is started again from scratch. */
    private void stopFailedDelegate() {
        try {
            delegate.stop();
        } catch (RuntimeException e) {
            LOG.debug("Stopping Debezium's task after its failed start: {}", e.getMessage());
        }
    }

    /**
     * Whether Ferry reads the initial snapshot: only for snapshot.mode=initial before Debezium has
     * stored any offset, and without Debezium features it would bypass.
     */
    private boolean chunkedSnapshotApplies() {
        String mode = debeziumProps.getOrDefault("snapshot.mode", "initial").trim();
        return ferry.chunkedSnapshotReader() && (mode.isEmpty() || mode.equals("initial"))
                && debeziumProps.getOrDefault("post.processors", "").isBlank()
                && !"custom".equals(debeziumProps.getOrDefault("snapshot.query.mode", "select_all").trim())
                && !Boolean.parseBoolean(debeziumProps.getOrDefault(FerrySourceConfig.EXTENDED_HEADERS_ENABLED, "false"))
                && context.offsetStorageReader().offset(Map.of("server", topicPrefix())) == null;
    }

    private String topicPrefix() {
        return debeziumProps.get(DebeziumProperties.TOPIC_PREFIX);
    }

    private void sleepUnlessStopping(long ms) throws InterruptedException {
        long until = System.currentTimeMillis() + ms;
        while (!stopping && System.currentTimeMillis() < until) {
            Thread.sleep(Math.min(250, Math.max(1, until - System.currentTimeMillis())));
        }
    }

    private void prepareDatabase() throws SQLException, InterruptedException, SnapshotRestart {
        try (Connection connection = SourceConnections.open(debeziumProps)) {
            SlotGuard.checkSlotUsable(connection, context.offsetStorageReader(),
                    debeziumProps.get(DebeziumProperties.TOPIC_PREFIX), slotName);
            String conflict = SlotOwnership.conflict(connection, ferry.heartbeatTable(), slotName,
                    debeziumProps.get(DebeziumProperties.TOPIC_PREFIX));
            if (conflict != null) {
                throw new ConnectException(conflict);
            }
            if (ferry.heartbeatIntervalMs() > 0) {
                HeartbeatWriter.createTableIfMissing(connection, ferry.heartbeatTable());
                HeartbeatWriter.writeOnce(connection, ferry.heartbeatTable(), slotName, topicPrefix());
                metrics.heartbeatWritten();
            }
            if (ferry.ddlSync()) {
                ddlStream = DdlStream.install(connection, ferry, debeziumProps, slotName, ferryTables(),
                        this::warnOnce, metrics);
                debeziumProps = ddlStream.debeziumProps();
            }
            SelectedTables tables = SelectedTables.load(connection, debeziumProps);
            if (ferry.snapshotAddedTables()) {
                signals = AddedTableSignals.prepare(connection, ferry.signalTable(), debeziumProps,
                        context.offsetStorageReader(), topicPrefix(), userTables(tables));
                debeziumProps = signals.debeziumProps();
                if (ddlStream != null && signals.available()) {
                    ddlStream.copyRenamedTablesThrough(ferry.signalTable());
                }
            }
            if (ferry.replicaIdentityFull()) {
                ReplicaIdentityEnforcer.enforce(connection, tables);
            }
            PartitionedParentSnapshot.apply(debeziumProps, tables);
            delegateProps = new HashMap<>(debeziumProps);
            boolean chunked = chunkedSnapshotApplies();
            Map<String, Object> stored = chunked
                    ? context.offsetStorageReader().offset(ChunkedSnapshot.partition(topicPrefix())) : null;
            boolean snapshotDelivered = ChunkedSnapshot.storedComplete(stored);
            if (chunked) {
                delegateProps.put("snapshot.mode", "no_data");
            }
            if (ferry.schemaRecordsEnabled()) {
                fullSync = snapshotDelivered ? FullSyncProgress.completed() : FullSyncProgress.atStart(
                        context.offsetStorageReader(), topicPrefix(), debeziumProps.get("snapshot.mode"));
                schemaRecords = SchemaRecords.read(connection, debeziumProps, ferryTables(),
                        ferry.schemaRecordsPartitions(), fullSync.complete(), ddlCaptured(), this::warnOnce);
                if (ddlStream != null) {
                    ddlStream.remember(schemaRecords);
                }
                if (ferry.snapshotAddedTables() && !schemaRecords.isEmpty()) {
                    // The first one keeps the selection in the offsets, once Kafka has it.
                    schemaRecords = new ArrayList<>(schemaRecords);
                    schemaRecords.set(0, AddedTables.withSelection(schemaRecords.get(0), topicPrefix(),
                            userTables(tables)));
                }
                if (ferry.schemaRecordsIntervalMs() > 0) {
                    nextSchemaRecordsAt = System.currentTimeMillis() + ferry.schemaRecordsIntervalMs();
                }
            }
            if (chunked && !snapshotDelivered) {
                // Last, so a preparation retried after a lost connection never leaves a snapshot running.
                // After a lost connection the task resumes past what it handed over, which Connect may not have committed yet.
                SnapshotProgress resumeFrom = resumeSnapshotFrom != null ? resumeSnapshotFrom
                        : ChunkedSnapshot.storedProgress(stored);
                chunkedSnapshot = ChunkedSnapshot.start(debeziumProps, resumeFrom,
                        ferry.snapshotMaxThreads(), ferry.snapshotChunkRows(), transactionBoundaries.connectorDefined(),
                        metrics);
            }
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records = nextRecords();
        if (records != null) {
            metrics.recordsWritten(records.size());
        }
        if (chunkedSnapshot == null) {
            // During a chunked snapshot transactions end with its chunks; records it holds back (schema
            // records) ride in the next chunk's transaction.
            transactionBoundaries.batch(records);
        }
        return records;
    }

    private List<SourceRecord> nextRecords() throws InterruptedException {
        if (!captureStarted && (stopping || !startCapture())) {
            return null;
        }
        if (!schemaRecords.isEmpty()) {
            List<SourceRecord> structure = schemaRecords;
            schemaRecords = List.of();
            LOG.info("Writing {} schema record(s) ahead of the tables' rows", structure.size());
            return structure;
        }
        if (System.currentTimeMillis() >= nextSchemaRecordsAt) {
            return refreshedSchemaRecords();
        }
        if (chunkedSnapshot != null) {
            List<SourceRecord> snapshotRecords;
            try {
                snapshotRecords = chunkedSnapshot.poll();
            } catch (ConnectException e) {
                if (!ConnectionRetryWindow.isConnectionFailure(e)) {
                    throw e;
                }
                restartSnapshotAfterLostConnection(e);
                return null;
            }
            if (snapshotRecords != null && !snapshotRecords.isEmpty()) {
                snapshotHandedOver = snapshotRecords.get(snapshotRecords.size() - 1).sourceOffset();
                observeFullSync(snapshotRecords);
                metrics.throttled(throttle.pace(snapshotRecords));
                transactionBoundaries.snapshotBatch(snapshotRecords, chunkedSnapshot::endsChunk);
                return snapshotRecords;
            }
            if (!chunkedSnapshot.delivered()) {
                return null;
            }
            // Streaming starts only now: a stream offset committed ahead of an unacknowledged
            // snapshot record would let a crash skip that row.
            chunkedSnapshot.close();
            chunkedSnapshot = null;
        }
        if (!delegateStarted && (stopping || !startDelegate())) {
            return null;
        }
        if (ddlStream != null && ddlStream.hasPending()) {
            return withoutSignals(ddlStream.retryPending());
        }
        List<SourceRecord> records = streamingPoll();
        if (records == null || records.isEmpty()) {
            return records;
        }
        observeFullSync(records);
        List<SourceRecord> filled = new ArrayList<>(records.size());
        for (SourceRecord record : records) {
            filled.add(toastFiller.fill(record));
        }
        metrics.throttled(throttle.pace(filled));
        return withoutSignals(withDdlRecords(snapshotTruncates.addTo(keyChangeOffsets.apply(filled))));
    }

    /**
     * A snapshot reader lost its connection (a database restart or failover): the snapshot stops and,
     * within connection.retry.window.ms, the task prepares again and resumes it after the chunks it
     * has already handed to Connect (which Connect delivers), not after those Kafka has acknowledged.
     * The rows of the chunk it was handing over are read again; with connector-defined transactions
     * (one per chunk) the open transaction, which holds those rows' first part, is aborted, so a
     * read_committed consumer sees each row once (found by ChaosIT seed 2: a source restart mid-chunk).
     */
    private void restartSnapshotAfterLostConnection(ConnectException lost) throws InterruptedException {
        resumeSnapshotFrom = snapshotHandedOver != null ? ChunkedSnapshot.storedProgress(snapshotHandedOver)
                : resumeSnapshotFrom;
        transactionBoundaries.abortOpen();
        chunkedSnapshot.close();
        chunkedSnapshot = null;
        if (heartbeat != null) {
            heartbeat.close();
            heartbeat = null;
        }
        if (ddlStream != null) {
            // Installed again by the next preparation.
            ddlStream.close();
            ddlStream = null;
        }
        captureStarted = false;
        long waitMs = retryWindow.failed();
        if (waitMs < 0) {
            throw new ConnectException("Source " + SourceConnections.describe(debeziumProps) + " unreachable for "
                    + retryWindow.failingFor() + " (connection.retry.window.ms=" + ferry.connectionRetryWindowMs()
                    + ") during the snapshot: " + lost.getMessage(), lost);
        }
        LOG.warn("Snapshot lost its connection to {} (attempt {}, {} left in connection.retry.window.ms): {}; resuming "
                + "after the chunks already handed over in {} ms", SourceConnections.describe(debeziumProps),
                retryWindow.attempts(), retryWindow.left(), lost.getMessage(), waitMs);
        sleepUnlessStopping(waitMs);
    }

    /**
     * Debezium's poll, inside connection.retry.window.ms: Debezium answers a lost connection by
     * throwing a RetriableException (Connect calls poll again, the task stays RUNNING) and restarting
     * its task 10 s later, for ever by default. Ferry counts those failures as one outage and fails
     * the task, naming the cause, once the outage outlasts the window. The outage ends with the
     * first batch of records read after it (heartbeats bring one every heartbeat.interval.ms).
     */
    private List<SourceRecord> streamingPoll() throws InterruptedException {
        DebeziumTaskState state = delegate.getTaskState();
        if (state == DebeziumTaskState.RUNNING) {
            debeziumStreamed = true;
        } else if (state == DebeziumTaskState.RESTARTING && debeziumStreamed) {
            checkSlotBeforeRestart();
        }
        List<SourceRecord> records;
        try {
            records = delegate.poll();
        } catch (RetriableException e) {
            String where = SourceConnections.describe(debeziumProps);
            String cause = rootMessage(e);
            if (retryWindow.failed() < 0) {
                throw new ConnectException("Source " + where + " unreachable for " + retryWindow.failingFor()
                        + " while streaming (connection.retry.window.ms=" + ferry.connectionRetryWindowMs() + "): "
                        + cause, e);
            }
            LOG.warn("Source {} lost while streaming (attempt {}, {} left in connection.retry.window.ms): {}; Debezium "
                    + "restarts its task", where, retryWindow.attempts(), retryWindow.left(), cause);
            throw e;
        }
        if (records != null && !records.isEmpty()) {
            int attempts = retryWindow.attempts();
            if (retryWindow.recovered()) {
                LOG.info("Source {} streaming again after {} attempt(s)", SourceConnections.describe(debeziumProps),
                        attempts);
            }
        }
        return records;
    }

    /**
     * Debezium's restart would create a slot that is missing and stream on from the new slot's
     * position, silently skipping what happened in between; it would also retry an invalidated slot
     * for ever. So the slot is checked before each restart (this poll may be the one that restarts).
     * An unreachable database is left to the retry window.
     */
    private void checkSlotBeforeRestart() {
        try (Connection connection = SourceConnections.open(debeziumProps)) {
            SlotGuard.checkSlotStillUsable(connection, context.offsetStorageReader(), topicPrefix(), slotName);
        } catch (SQLException e) {
            LOG.debug("Cannot check slot {} before Debezium restarts: {}", slotName, e.getMessage());
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? String.valueOf(error.getMessage()) : root.getClass().getSimpleName() + ": "
                + root.getMessage();
    }

    private List<SourceRecord> withoutSignals(List<SourceRecord> records) {
        return signals == null ? records : signals.withoutSignals(records);
    }

    private List<SourceRecord> withDdlRecords(List<SourceRecord> records) {
        return ddlStream == null ? records : ddlStream.withDdlRecords(records);
    }

    private boolean ddlCaptured() {
        return ddlStream != null && ddlStream.captured();
    }

    /** The selected tables but Ferry's own. */
    private List<QualifiedTableName> userTables(SelectedTables tables) {
        return tables.selected().stream().map(t -> t.name()).filter(t -> !ferryTables().contains(t)).toList();
    }

    /** The tables Ferry itself writes on the source, which are captured but never replicated as tables. */
    private List<QualifiedTableName> ferryTables() {
        return List.of(ferry.heartbeatTable(), ferry.ddlTable(), ferry.signalTable());
    }

    private void observeFullSync(List<SourceRecord> records) {
        if (fullSync != null && fullSync.observe(records) && ferry.schemaRecordsIntervalMs() > 0) {
            // The full sync is over: the next schema records let sinks build deferred indexes and foreign keys.
            nextSchemaRecordsAt = System.currentTimeMillis();
        }
    }

    /**
     * The structure read again (schema.records.interval.ms): sequence values move on with the
     * source's inserts. An unreachable database only delays it; Debezium reports that itself.
     */
    private List<SourceRecord> refreshedSchemaRecords() {
        nextSchemaRecordsAt = System.currentTimeMillis() + ferry.schemaRecordsIntervalMs();
        try (Connection connection = SourceConnections.open(debeziumProps)) {
            // The snapshot's readers hold locks a waiting DDL statement queues behind: reading a
            // sequence behind that statement must not stall this thread, which drains the readers.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET lock_timeout = '2s'");
            }
            return SchemaRecords.read(connection, debeziumProps, ferryTables(), ferry.schemaRecordsPartitions(),
                    fullSync.complete(), ddlCaptured(), this::warnOnce);
        } catch (SQLException e) {
            LOG.warn("Cannot read the tables' structure for schema records ({}); trying again in {} ms", e.getMessage(),
                    ferry.schemaRecordsIntervalMs());
            return null;
        }
    }

    /** Schema records are read every minute; what they cannot read is logged the first time only. */
    private void warnOnce(String warning) {
        if (schemaRecordWarnings.add(warning)) {
            LOG.warn("Schema records: {}", warning);
        }
    }

    @Override
    public void commit() throws InterruptedException {
        if (delegateStarted) {
            delegate.commit();
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
        // Debezium reads a WAL position from each record's offset; schema and Ferry snapshot records carry none.
        ChunkedSnapshot snapshot = chunkedSnapshot;
        if (snapshot != null && snapshot.owns(record)) {
            snapshot.acknowledged();
        } else if ((!SchemaRecords.isSchemaRecord(record) || record.sourceOffset() != null)
                && !AddedTables.carriesSelection(record) && delegateStarted) {
            // DDL records carry their command's WAL position.
            delegate.commitRecord(record, metadata);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        metrics.unregister();
        if (heartbeat != null) {
            heartbeat.close();
            heartbeat = null;
        }
        ChunkedSnapshot snapshot = chunkedSnapshot;
        if (snapshot != null) {
            snapshot.close();
        }
        if (ddlStream != null) {
            ddlStream.close();
        }
        if (!delegateStarted) {
            return;
        }
        try {
            delegate.stop();
        } catch (RuntimeException e) {
            throw new ConnectException("Debezium task failed to stop cleanly", e);
        }
    }
}
