package dev.ferry.sink;

import dev.ferry.contract.structure.DdlCommand;
import dev.ferry.contract.structure.StructureRecords;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.sink.apply.AppliedRows;
import dev.ferry.sink.apply.BatchApplier;
import dev.ferry.sink.apply.RoutedEvent;
import dev.ferry.sink.apply.TableWriteException;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.buffer.TransactionTail;
import dev.ferry.sink.config.SinkConfig;
import dev.ferry.sink.config.SinkConfigurationError;
import dev.ferry.sink.config.TableNameFormat;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.Dialects;
import dev.ferry.sink.errors.BadRecords;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.ChangeEventParser;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.metrics.SinkMetrics;
import dev.ferry.sink.offsets.SinkOffsetStore;
import dev.ferry.sink.retry.RetryWindow;
import dev.ferry.sink.retry.SqlErrors;
import dev.ferry.sink.snapshot.SnapshotStartLedger;
import dev.ferry.sink.structure.SchemaSyncLedger;
import dev.ferry.sink.structure.StructureApplier;
import dev.ferry.sink.table.TableManager;
import dev.ferry.sink.throttle.RateLimiter;
import dev.ferry.sink.throttle.RecordSizeEstimator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each batch Connect delivers as one target transaction: parse, reduce per table and
 * key, write set-based, and (exactly.once) record the consumed offsets in the same transaction.
 * Failures are retried within their window while the task stays RUNNING; records whose data no
 * retry can fix go to the dead-letter queue under errors.tolerance=all.
 */
public class DatabaseSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSinkTask.class);
    /** How long a held transaction tail waits for its rest through empty polls (see TransactionTail). */
    private static final long TRANSACTION_TAIL_WAIT_MS = 3000;

    private SinkConfig config;
    private Dialect dialect;
    private ChangeEventParser parser;
    private TableNameFormat tableNames;
    private TableManager tables;
    private BatchApplier applier;
    private StructureApplier structures;
    private SinkOffsetStore offsetStore;
    /** Null when a snapshot does not empty its tables first (truncate.enabled=false, keep_existing). */
    private SnapshotStartLedger snapshotStarts;
    private RetryWindow retry;
    private final SinkMetrics metrics = new SinkMetrics();
    private RateLimiter rowLimiter;
    private RateLimiter byteLimiter;
    private BadRecords badRecords;
    private Connection connection;
    /** Exactly-once only: per consumed partition, the next offset the target has applied. */
    private final Map<TopicPartition, Long> appliedOffsets = new HashMap<>();
    /**
     * Exactly-once only: the ledger could not be read when the task started or got its partitions
     * (the target was down), so the consumer's positions are not known to be the ledger's; the
     * next put() reads it first (see {@link #readLedgerLate}).
     */
    private boolean ledgerUnread;
    private TransactionTail transactionTail;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SinkConfig(props);
        dialect = Dialects.forConfig(config.connectionUrl(), config.dialectName());
        parser = new ChangeEventParser(config);
        String format = config.tableNameFormat();
        tableNames = new TableNameFormat(format.isBlank() ? dialect.defaultTableNameFormat() : format);
        transactionTail = new TransactionTail(config.batchSize(), TRANSACTION_TAIL_WAIT_MS, System::currentTimeMillis);
        tables = new TableManager(dialect, config.autoCreate(), config.schemaEvolution());
        String connector = props.getOrDefault("name", "ferry-sink");
        snapshotStarts = config.truncateEnabled() && !config.keepExistingOnSnapshot()
                ? new SnapshotStartLedger(dialect, connector) : null;
        applier = new BatchApplier(dialect, tables, config.insertMode(), snapshotStarts, config.bulkLoadMinRows());
        structures = new StructureApplier(dialect, tables,
                new SchemaSyncLedger(dialect, connector), config.schemaConflictMode(),
                config.primaryKeyMode() == SinkConfig.PrimaryKeyMode.RECORD_KEY);
        if (config.schemaSyncEnabled()) {
            // A table made from rows (on a partition the schema record does not reach, or after topic
            // retention removed it) is this connector's too.
            tables.onCreating(structures::adopt);
        }
        retry = new RetryWindow(config.connectionRetryWindowMs(), config.errorRetryWindowMs(), config.retryBackoffMs());
        rowLimiter = config.maxRowsPerSecond() > 0 ? new RateLimiter(config.maxRowsPerSecond()) : null;
        byteLimiter = config.maxBytesPerSecond() > 0 ? new RateLimiter(config.maxBytesPerSecond()) : null;
        badRecords = new BadRecords("all".equalsIgnoreCase(props.getOrDefault("errors.tolerance", "none")),
                () -> context.errantRecordReporter(), metrics);
        metrics.register(connector, props.getOrDefault("task.id", Integer.toHexString(System.identityHashCode(this))));
        metrics.alertOnLatency(config.alertLatencyMs());
        if (config.exactlyOnce()) {
            offsetStore = new SinkOffsetStore(dialect, connector);
            loadOffsets();
        }
        LOG.info("Ferry sink started: dialect {}, target {}", dialect.name(), config.displayUrl());
    }

    /**
     * Reads the exactly-once ledger at start or on a partition assignment. Connect gives up on a
     * task whose start() or open() throws, so a target that cannot be reached now (a restart, a
     * failover: ChaosIT seed 16 killed a worker during a target outage) leaves the ledger to the
     * next put(), which retries within connection.retry.window.ms like any write.
     */
    private SQLException loadOffsets() {
        try {
            Connection c = connection();
            offsetStore.createTableIfMissing(c);
            c.commit();
            reloadOffsets(c);
            ledgerUnread = false;
            LOG.info("Exactly-once apply resumes from offsets in {}: {}", SinkOffsetStore.TABLE, appliedOffsets);
            return null;
        } catch (SQLException e) {
            rollbackQuietly();
            closeConnection();
            ledgerUnread = true;
            LOG.warn("Cannot read {} from the target now ({}); the next batch reads it first", SinkOffsetStore.TABLE,
                    e.getMessage());
            return e;
        }
    }

    /**
     * The ledger is read after the consumer already delivered {@code records} from positions the
     * ledger did not set. Records it has applied are skipped anyway, but a consumer ahead of it
     * would skip changes; so every assigned partition goes back to the ledger's position (one the
     * ledger does not know yet, to the first record delivered here), and this delivery is dropped:
     * Connect delivers it again from there.
     */
    private void readLedgerLate(Collection<SinkRecord> records) {
        SQLException failure = loadOffsets();
        if (failure != null) {
            onFailure(failure);
        }
        Map<TopicPartition, Long> seek = new HashMap<>();
        for (SinkRecord record : records) {
            seek.merge(consumedPartition(record), record.originalKafkaOffset(), Math::min);
        }
        Set<TopicPartition> partitions = new HashSet<>(context.assignment());
        partitions.addAll(seek.keySet());
        for (TopicPartition partition : partitions) {
            Long next = appliedOffsets.get(partition);
            if (next != null) {
                seek.put(partition, next);
            }
        }
        LOG.info("Exactly-once apply goes back to the offsets in {}, read late: {}", SinkOffsetStore.TABLE, seek);
        if (!seek.isEmpty()) {
            context.offset(seek);
        }
    }

    /** Reads the ledger anew: after a rebalance or a fenced commit another task may have moved it. */
    private void reloadOffsets(Connection c) throws SQLException {
        Map<TopicPartition, Long> stored = offsetStore.read(c);
        c.commit();
        appliedOffsets.clear();
        appliedOffsets.putAll(stored);
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (offsetStore == null || loadOffsets() != null) {
            return;
        }
        Map<TopicPartition, Long> seek = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = appliedOffsets.get(partition);
            if (next != null) {
                seek.put(partition, next);
            }
        }
        if (!seek.isEmpty()) {
            context.offset(seek);
        }
    }

    @Override
    public void put(Collection<SinkRecord> incoming) {
        metrics.received(incoming.size());
        metrics.checkAlerts();
        if (offsetStore != null && ledgerUnread) {
            readLedgerLate(incoming);
            return;
        }
        List<SinkRecord> records = transactionTail.take(incoming);
        if (records.isEmpty()) {
            return;
        }
        List<SinkRecord> fresh = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            Long next = offsetStore == null ? null : appliedOffsets.get(consumedPartition(record));
            // Under exactly-once, records already applied (redelivered before the seek) are skipped.
            if (next == null || record.originalKafkaOffset() >= next) {
                fresh.add(record);
            }
        }
        try {
            throttle(fresh);
            // Schema records apply in their place: after the rows before them, before the rows after them.
            int from = 0;
            for (int i = 0; i <= fresh.size(); i++) {
                boolean structure = i < fresh.size() && StructureRecords.isStructure(fresh.get(i).value());
                if (i == fresh.size() || structure || i - from == config.batchSize()) {
                    if (i > from) {
                        applyWithRetry(fresh.subList(from, i));
                    }
                    if (structure) {
                        applyStructure(fresh.get(i));
                        from = i + 1;
                    } else {
                        from = i;
                    }
                }
            }
        } catch (RuntimeException e) {
            // Connect delivers the batch again, not what the tail held back before it.
            transactionTail.failed();
            throw e;
        }
    }

    /** Applies a schema record (schema.sync.enabled) in a transaction of its own, with its offset. */
    private void applyStructure(SinkRecord record) {
        try {
            Connection c = connection();
            if (config.schemaSyncEnabled()) {
                Struct value = (Struct) record.value();
                TableStructure structure = StructureRecords.fromStruct(value);
                TableId target = tableNames.target(new TableId(structure.schema(), structure.table()), record.topic());
                DdlCommand command = StructureRecords.ddl(value);
                structures.apply(c, target, structure, source -> tableNames.target(source, record.topic()),
                        StructureRecords.fullSyncComplete(value), StructureRecords.ddlCapture(value), command);
                if (command != null) {
                    metrics.ddlRecordApplied();
                }
            } else if (StructureRecords.ddl((Struct) record.value()) != null) {
                metrics.ddlRecordSkipped();
            }
            commit(c, List.of(record));
            succeeded();
        } catch (SinkOffsetStore.FencedException e) {
            onFenced(e);
        } catch (SQLException e) {
            onFailure(e);
        }
    }

    private void applyWithRetry(List<SinkRecord> records) {
        List<RoutedEvent> events = route(records);
        if (config.schemaSyncEnabled()) {
            try {
                events = structures.withCurrentNames(connection(), events);
            } catch (SQLException e) {
                onFailure(e);
            }
        }
        List<TableBuffer> buffers = reduce(events);
        long started = System.currentTimeMillis();
        AppliedRows applied = new AppliedRows();
        try {
            try {
                Connection c = connection();
                applier.apply(c, buffers, applied);
                commit(c, records);
            } catch (SQLException e) {
                if (e instanceof SinkOffsetStore.FencedException || SqlErrors.classify(e) != SqlErrors.Kind.DATA) {
                    throw e;
                }
                rollbackQuietly();
                failIfFenced(records);
                applied.clear();
                // The reduced batch may not be writable in any order (a UNIQUE value rotated across
                // rows, a child before its parent); the source's own order is, except for bad data.
                LOG.warn("Data error in a batch ({}); applying its {} change(s) one by one in source order to "
                        + "single out the bad ones", e.getMessage(), events.size());
                Connection c = connection();
                applier.applyInSourceOrder(c, events, config.keepExistingOnSnapshot(), badRecords::refused, applied);
                commit(c, records);
            }
            metrics.flushed(records.size(), applied, System.currentTimeMillis() - started);
            succeeded();
        } catch (SinkOffsetStore.FencedException e) {
            onFenced(e);
        } catch (SQLException e) {
            onFailure(e);
        }
    }

    private void committed() {
        if (snapshotStarts != null) {
            snapshotStarts.committed();
        }
    }

    private void succeeded() {
        retry.succeeded();
        metrics.succeeded();
    }

    /**
     * Parses each record and names its target table, leaving out what the configuration skips. A
     * record that cannot be understood is a data error like a value the target refuses.
     */
    private List<RoutedEvent> route(List<SinkRecord> records) {
        List<RoutedEvent> events = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            try {
                ChangeEvent event = applicable(parser.parse(record));
                if (event != null) {
                    TableId target = tableNames.target(event);
                    structures.checkCapturedColumns(target, event.rowSchema());
                    events.add(new RoutedEvent(target, event));
                }
            } catch (SinkConfigurationError e) {
                throw e;
            } catch (RuntimeException e) {
                badRecords.unreadable(record, e);
            }
        }
        return events;
    }

    private List<TableBuffer> reduce(List<RoutedEvent> events) {
        Map<TableId, TableBuffer> buffers = new LinkedHashMap<>();
        for (RoutedEvent routed : events) {
            buffers.computeIfAbsent(routed.target(), t -> new TableBuffer(t, config.keepExistingOnSnapshot()))
                    .add(routed.event());
        }
        return new ArrayList<>(buffers.values());
    }

    /** The event to write, or null for one the configuration skips (heartbeats, disabled deletes). */
    private ChangeEvent applicable(ChangeEvent event) {
        if (event.sourceTimestampMillis() > 0) {
            metrics.sourceTimestamp(event.sourceTimestampMillis());
        }
        return switch (event.kind()) {
            case SKIP -> null;
            case HEARTBEAT -> {
                if (event.heartbeatMillis() > 0) {
                    metrics.heartbeat(event.heartbeatMillis());
                }
                yield config.heartbeatWrite() ? event.asUpsert() : null;
            }
            case DELETE -> config.deleteEnabled() ? event : null;
            // keep_existing keeps what the target had, so the truncate before a snapshot must not run.
            case TRUNCATE -> config.truncateEnabled() && !(event.snapshot() && config.keepExistingOnSnapshot())
                    ? event : null;
            default -> event;
        };
    }

    /** Commits the batch; under exactly-once, with the consumed positions it covers, in the same transaction. */
    private void commit(Connection c, List<SinkRecord> records) throws SQLException {
        if (offsetStore == null) {
            c.commit();
            committed();
            return;
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        for (SinkRecord record : records) {
            next.merge(consumedPartition(record), record.originalKafkaOffset() + 1, Math::max);
        }
        offsetStore.write(c, appliedOffsets, next);
        c.commit();
        committed();
        appliedOffsets.putAll(next);
    }

    /**
     * Under exactly-once, a data error can be a sign of fencing: a task that took the partitions over
     * wrote the same rows (a key-changing update's INSERT then meets its own row). The ledger says
     * whether it moved; if so this batch is not this task's to apply.
     */
    private void failIfFenced(List<SinkRecord> records) throws SQLException {
        if (offsetStore == null) {
            return;
        }
        Connection c = connection();
        Map<TopicPartition, Long> stored = offsetStore.read(c);
        c.commit();
        for (SinkRecord record : records) {
            TopicPartition partition = consumedPartition(record);
            Long expected = appliedOffsets.get(partition);
            if (!java.util.Objects.equals(expected, stored.get(partition))) {
                throw new SinkOffsetStore.FencedException(partition, expected);
            }
        }
    }

    /** This task was fenced: roll back, learn where the ledger is, and let Connect redeliver the batch. */
    private void onFenced(SinkOffsetStore.FencedException e) {
        rollbackQuietly();
        LOG.warn("{}", e.getMessage());
        try {
            reloadOffsets(connection());
        } catch (SQLException reread) {
            closeConnection();
        }
        throw new RetriableException(e.getMessage(), e);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        transactionTail.revoke(partitions);
        // Partitions moved to another task: their ledger rows are that task's to move now.
        partitions.forEach(appliedOffsets::remove);
    }

    private void onFailure(SQLException e) {
        rollbackQuietly();
        closeConnection();
        tables.clear();
        SqlErrors.Kind kind = SqlErrors.classify(e);
        long now = System.currentTimeMillis();
        String where = e instanceof TableWriteException t ? "table " + t.table() : config.displayUrl();
        if (kind == SqlErrors.Kind.DATA || !retry.failed(kind, now)) {
            throw new ConnectException("Giving up on " + where + " after " + retry.failingFor(now).toSeconds() + " s ("
                    + kind.name().toLowerCase(Locale.ROOT) + " error, " + retry.attempts() + " attempt(s)): " + e.getMessage(), e);
        }
        long backoff = retry.nextBackoffMs();
        metrics.retrying(retry.windowEndsAt(kind), retry.attempts());
        LOG.warn("Writing to {} failed ({} error, attempt {}, failing for {} s): {}; retrying in {} ms", where,
                kind.name().toLowerCase(Locale.ROOT), retry.attempts(), retry.failingFor(now).toSeconds(), e.getMessage(), backoff);
        context.timeout(backoff);
        throw new RetriableException(e.getMessage(), e);
    }

    private void throttle(List<SinkRecord> records) {
        try {
            if (rowLimiter != null) {
                metrics.throttled(rowLimiter.acquire(records.size()));
            }
            if (byteLimiter != null) {
                long bytes = 0;
                for (SinkRecord record : records) {
                    bytes += RecordSizeEstimator.estimate(record.value());
                }
                metrics.throttled(byteLimiter.acquire(bytes));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while throttling", e);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // put() applies and commits every record it is given before returning, so everything the
        // worker counts as delivered, including records a transform dropped, is safe to commit;
        // except a held-back transaction tail, which is committed once applied.
        Map<TopicPartition, Long> held = transactionTail.heldFrom();
        if (held.isEmpty()) {
            return currentOffsets;
        }
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>(currentOffsets);
        held.forEach((partition, offset) -> safe.computeIfPresent(partition,
                (p, current) -> current.offset() > offset ? new OffsetAndMetadata(offset) : current));
        return safe;
    }

    /**
     * The partition the record was consumed from. A transform may rename the topic (RenameObjects,
     * RegexRouter); offsets belong to the topic the consumer reads.
     */
    private static TopicPartition consumedPartition(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    @Override
    public void stop() {
        closeConnection();
        metrics.unregister();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = dialect.connect(config.connectionUrl(), config.connectionUser(), config.connectionPassword());
            for (String sql : dialect.sessionSetup(config.foreignKeyChecksDisabled(), config.statementTimeoutMs())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                } catch (SQLException e) {
                    LOG.warn("Session setting '{}' refused by the target ({}); foreign keys and triggers may fire "
                            + "while applying changes. Grant the right or set foreign.key.checks.disabled=false",
                            sql, e.getMessage());
                }
            }
            connection.setAutoCommit(false);
        }
        return connection;
    }

    /**
     * Rolls the open transaction back. Tables it created and columns it added are gone with it
     * (PostgreSQL's DDL is transactional), so the cached table metadata is dropped too.
     */
    private void rollbackQuietly() {
        tables.clear();
        structures.clear();
        if (snapshotStarts != null) {
            snapshotStarts.rolledBack();
        }
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                LOG.debug("Rollback failed: {}", e.getMessage());
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the target connection failed: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
