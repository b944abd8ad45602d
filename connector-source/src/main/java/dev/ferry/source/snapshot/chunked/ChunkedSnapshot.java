package dev.ferry.source.snapshot.chunked;

import dev.ferry.source.metrics.SnapshotTableMetrics;
import dev.ferry.source.metrics.SourceMetrics;
import dev.ferry.source.slot.SlotConnectorConfig;
import dev.ferry.source.snapshot.SnapshotEpochMarks;
import dev.ferry.source.snapshot.SnapshotTruncates;
import dev.ferry.source.snapshot.chunked.SnapshotProgress.TableName;
import dev.ferry.source.snapshot.chunked.SnapshotProgress.TablePlan;
import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.SnapshotRecord;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.connection.Lsn;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import io.debezium.connector.postgresql.spi.SlotCreationResult;
import io.debezium.data.Envelope;
import io.debezium.relational.TableId;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's initial snapshot, in place of Debezium's single-connection, row-at-a-time one.
 *
 * <p>The replication slot is created first, through Debezium's own replication connection (so
 * the publication is created or updated exactly as Debezium would), and its exported snapshot is
 * joined by {@code snapshot.max.threads} connections. Each table is cut into ctid ranges of about
 * {@code snapshot.chunk.rows} rows (from PostgreSQL 14, see {@link ChunkPlanner}); the readers
 * take chunks from one queue and convert every row into the record Debezium's snapshot would emit
 * (same topic, key, envelope schema and source block, {@code op=r}; the schema also names the
 * snapshot's epoch, see {@link SnapshotEpochMarks}) from the table schemas Debezium's task builds.
 * Streaming starts after the last snapshot record is acknowledged, from the slot's consistent
 * point, so the stream holds every change the snapshot did not see.
 *
 * <p>Each record's offset (partition {@link #partition}) names the chunks delivered before it.
 * A restart resumes with the chunks not yet delivered, read in a new snapshot while the slot still
 * stands at the first attempt's point: a row read later than the slot's point is then replayed
 * over by every change since that point, so the target still converges, and a row deleted in
 * between is deleted by the stream. Tables none of whose chunks were delivered start with a
 * truncate (see {@link SnapshotTruncates}), a table without rows (and without a SELECT override)
 * with a truncate of its own, at its last chunk; resumed tables keep their delivered rows.
 */
public final class ChunkedSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkedSnapshot.class);
    private static final String PARTITION_KEY = "ferry.snapshot";
    private static final String CHUNKS = "chunks";
    private static final String COMPLETE = "complete";
    /**
     * At most this many rows per batch a reader hands to the task (fewer if max.batch.size is
     * smaller), and per cursor fetch unless snapshot.fetch.size is set (Debezium's default is
     * 10,240). Rows wait in a reader's fetch, in its batch, in the hand-over queue and in Connect
     * until the producer has them; with Debezium's sizes a wide row lived through several young
     * collections and was copied each time: these sizes halved the worker's GC pauses and cut its
     * CPU per row by a sixth (benchmarks/RESULTS.md, "Rows that die young").
     */
    static final int HANDOVER_ROWS = 512;
    static final int FETCH_ROWS = 1000;

    private final Map<String, ?> partition;
    private final SlotConnectorConfig config;
    private final Configuration rawConfig;
    private final int threads;
    /** Whether each chunk must reach the task in one piece, for one Kafka transaction per chunk. */
    private final boolean chunkPerTransaction;
    private final long chunkRows;
    private final ExecutorService executor;
    private final BlockingQueue<ChunkBatch> batches;
    private final List<Future<?>> readers = new ArrayList<>();
    private final Set<TableName> truncated = new HashSet<>();
    private final SnapshotEpochMarks epochMarks = new SnapshotEpochMarks();
    /** Tables an earlier attempt delivered chunks of: their target rows stay, so no truncate. */
    private final Set<TableName> resumedTables = new HashSet<>();
    private final SourceMetrics metrics;
    private final Map<TableName, SnapshotTableMetrics> tableMetrics = new HashMap<>();
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile boolean running = true;
    private final LockWaiters waiters;
    private SnapshotProgress progress;
    private Map<String, Object> offset;
    private long lsn;
    private boolean fresh;
    private boolean createdSlot;
    private List<SourceRecord> held;
    /** The records that complete a chunk, until the task has asked: Kafka transactions may end there. */
    private final Set<SourceRecord> chunkEnds = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean delivered;
    private long rows;
    private long startedAt;

    private ChunkedSnapshot(Map<String, String> debeziumProps, SnapshotProgress resumeFrom, int threads, long chunkRows,
            boolean chunkPerTransaction, SourceMetrics metrics) {
        this.chunkPerTransaction = chunkPerTransaction;
        this.metrics = metrics;
        this.rawConfig = Configuration.from(debeziumProps);
        this.config = new SlotConnectorConfig(rawConfig);
        this.partition = partition(config.getLogicalName());
        this.threads = threads;
        this.chunkRows = chunkRows;
        this.progress = resumeFrom;
        this.batches = new ArrayBlockingQueue<>(Math.max(4, threads * 2));
        this.waiters = new LockWaiters(() -> new PostgresConnection(config.getJdbcConfig(), "Ferry snapshot"));
        AtomicInteger number = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "ferry-snapshot-" + config.getLogicalName() + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The source partition of the snapshot's offsets, beside Debezium's {@code {server=<topic.prefix>}}. */
    public static Map<String, String> partition(String topicPrefix) {
        // Connect finds a stored offset by its partition's serialized bytes: the keys' order must
        // be the same in every JVM, which Map.of's is not.
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put("server", topicPrefix);
        partition.put(PARTITION_KEY, CHUNKS);
        return Collections.unmodifiableMap(partition);
    }

    /** The progress a stored offset holds, or null when there is none. */
    public static SnapshotProgress storedProgress(Map<String, ?> offset) {
        return offset == null || !(offset.get(CHUNKS) instanceof String chunks) ? null : SnapshotProgress.decode(chunks);
    }

    /** Whether a stored offset says the whole snapshot was delivered. */
    public static boolean storedComplete(Map<String, Object> offset) {
        return offset != null && Boolean.TRUE.equals(offset.get(COMPLETE));
    }

    /**
     * Creates the slot (unless it exists) and starts the readers.
     *
     * @param resumeFrom the delivered chunks of an earlier attempt whose slot still exists, or null
     * @param chunkPerTransaction whether readers take turns handing over whole chunks, so the task can
     *     end a Kafka transaction with each (transaction.boundary=connector); reading is then mostly serial
     */
    public static ChunkedSnapshot start(Map<String, String> debeziumProps, SnapshotProgress resumeFrom, int threads,
            long chunkRows, boolean chunkPerTransaction, SourceMetrics metrics)
            throws SQLException, InterruptedException, SnapshotRestart {
        ChunkedSnapshot snapshot = new ChunkedSnapshot(debeziumProps, resumeFrom, threads, chunkRows, chunkPerTransaction,
                metrics);
        try {
            snapshot.begin();
            return snapshot;
        } catch (SnapshotRestart e) {
            snapshot.close();
            snapshot.dropCreatedSlot();
            throw e;
        } catch (SQLException | InterruptedException | RuntimeException e) {
            snapshot.close();
            throw e;
        }
    }

    private void begin() throws SQLException, InterruptedException, SnapshotRestart {
        startedAt = System.currentTimeMillis();
        Charset charset;
        try (PostgresConnection probe = new PostgresConnection(config.getJdbcConfig(), "Ferry snapshot")) {
            charset = probe.getDatabaseCharset();
        }
        PostgresConnection main = new PostgresConnection(config.getJdbcConfig(),
                registry -> PostgresValueConverter.of(config, charset, registry), "Ferry snapshot");
        ReplicationConnection replication = null;
        try {
            DebeziumTableSchemas schemas = DebeziumTableSchemas.create(rawConfig, config, main);
            String exportedSnapshot = null;
            Long slotLsn = confirmedFlushLsn(main.connection());
            if (slotLsn == null) {
                if (progress != null) {
                    LOG.warn("Replication slot {} is gone since the last snapshot attempt ({} of {} chunks delivered): "
                            + "the changes made meanwhile are lost to it, so the snapshot starts over, each table "
                            + "behind a truncate", config.slotName(), progress.doneChunks(), progress.totalChunks());
                    progress = null;
                }
                replication = config.replicationConnection(main, schemas);
                SlotCreationResult created = replication.createReplicationSlot()
                        .orElseThrow(() -> new ConnectException("Slot " + config.slotName() + " was created without "
                                + "an exported snapshot; the chunked snapshot needs PostgreSQL 10 or later"));
                exportedSnapshot = created.snapshotName();
                createdSlot = true;
                lsn = created.startLsn().asLong();
                LOG.info("Created replication slot {} at {} with exported snapshot {}", config.slotName(),
                        created.startLsn(), exportedSnapshot);
            } else {
                lsn = slotLsn;
                LOG.info("Replication slot {} exists at {}; snapshot chunks are read in new snapshots and the stream "
                        + "replays every change since that point over them", config.slotName(), Lsn.valueOf(slotLsn));
            }
            Connection jdbc = main.connection();
            jdbc.setAutoCommit(false);
            jdbc.rollback();
            ChunkReader.beginSnapshotTransaction(jdbc, exportedSnapshot);
            schemas.readFrom(main);
            List<SnapshotTable> tables = tables(schemas, main);
            plan(tables, jdbc);
            for (SnapshotTable table : tables) {
                tableMetrics.put(table.name(), metrics.snapshotTable(table.name().toString(),
                        progress.plans().get(table.name()).chunks(), progress.doneChunks(table.name())));
            }
            ConcurrentLinkedQueue<ChunkReader.Work> work = remainingWork(tables);
            Set<TableName> withWork = work.stream().map(w -> w.table().name()).collect(Collectors.toSet());
            List<SnapshotTable> toRead = tables.stream().filter(t -> withWork.contains(t.name())).toList();
            Map<TableName, String> seen = TableFingerprints.read(jdbc, toRead);
            jdbc.rollback();
            LOG.info("Snapshot of {} table(s) in {} chunk(s) ({} delivered before), {} reader(s), about {} rows per chunk",
                    tables.size(), progress.totalChunks(), progress.doneChunks(), Math.min(threads, work.size()), chunkRows);
            offset = offsetMap(false);
            int readerCount = Math.min(threads, work.size());
            ChunkReader.Gates gates = new ChunkReader.Gates(new CountDownLatch(readerCount), toRead,
                    new CountDownLatch(readerCount == 0 ? 0 : 1), new CountDownLatch(1), waiters,
                    chunkPerTransaction ? new Semaphore(1) : null);
            for (int i = 0; i < readerCount; i++) {
                ChunkReader reader = new ChunkReader(() -> new PostgresConnection(config, main.getTypeRegistry(),
                        "Ferry snapshot"), config, exportedSnapshot, Lsn.valueOf(lsn), work, batches, gates,
                        () -> running, handoverRows(config), fetchRows(config), this::envelope);
                readers.add(executor.submit(reader));
            }
            // The exported snapshot lives while the connection that created the slot stays open and idle.
            while (!gates.joined().await(200, TimeUnit.MILLISECONDS) || !gates.locked().await(200, TimeUnit.MILLISECONDS)) {
                failIfAReaderFailed();
            }
            List<String> changes = TableFingerprints.changes(seen, TableFingerprints.read(jdbc, toRead));
            jdbc.rollback();
            if (!changes.isEmpty()) {
                running = false;
                throw new SnapshotRestart("DDL changed " + changes.size() + " table(s) as the snapshot started, before "
                        + "its readers locked them; the snapshot starts again: " + String.join("; ", changes));
            }
            gates.cleared().countDown();
        } finally {
            closeQuietly(replication);
            closeQuietly(main);
        }
    }

    /** Drops the slot this attempt created, once its replication connection has let go of it. */
    private void dropCreatedSlot() throws SQLException, InterruptedException {
        if (!createdSlot) {
            return;
        }
        try (PostgresConnection connection = new PostgresConnection(config.getJdbcConfig(), "Ferry snapshot");
                PreparedStatement state = connection.connection().prepareStatement("SELECT active FROM "
                        + "pg_replication_slots WHERE slot_name = ? AND database = current_database()");
                PreparedStatement drop = connection.connection().prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            state.setString(1, config.slotName());
            drop.setString(1, config.slotName());
            long until = System.currentTimeMillis() + 30_000;
            while (true) {
                try (ResultSet rs = state.executeQuery()) {
                    if (!rs.next()) {
                        return;
                    }
                    if (!rs.getBoolean(1)) {
                        drop.execute();
                        LOG.info("Dropped replication slot {}: the snapshot starts again with a new one", config.slotName());
                        return;
                    }
                }
                if (System.currentTimeMillis() > until) {
                    throw new SQLException("Replication slot " + config.slotName() + " is still in use 30 s after the "
                            + "snapshot closed its connection; drop it to start the snapshot again");
                }
                Thread.sleep(200);
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Closing a snapshot connection failed: {}", e.getMessage());
        }
    }

    private Long confirmedFlushLsn(Connection jdbc) throws SQLException {
        try (PreparedStatement statement = jdbc.prepareStatement("SELECT confirmed_flush_lsn::text FROM pg_replication_slots "
                + "WHERE slot_name = ? AND database = current_database()")) {
            statement.setString(1, config.slotName());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Lsn.valueOf(rs.getString(1)).asLong() : null;
            }
        }
    }

    private List<SnapshotTable> tables(DebeziumTableSchemas schemas, PostgresConnection main) {
        Map<io.debezium.spi.schema.DataCollectionId, String> overrides = config.getSnapshotSelectOverridesByTable();
        List<SnapshotTable> tables = new ArrayList<>();
        for (TableId id : schemas.tableIds().stream().sorted().toList()) {
            io.debezium.relational.Table table = schemas.tableFor(id);
            String override = overrides.get(id);
            if (override == null) {
                override = overrides.get(new TableId(null, id.schema(), id.table()));
            }
            String select = override;
            if (select == null) {
                List<String> columns = table.retrieveColumnNames().stream()
                        .filter(column -> config.getColumnFilter().matches(id.catalog(), id.schema(), id.table(), column))
                        .map(main::quoteIdentifier).collect(Collectors.toList());
                if (columns.isEmpty()) {
                    columns = table.retrieveColumnNames().stream().map(main::quoteIdentifier).toList();
                }
                select = String.join(", ", columns) + " FROM " + id.toDoubleQuotedString();
                select = "SELECT " + select;
            }
            tables.add(new SnapshotTable(new TableName(id.schema(), id.table()), id, table, schemas.schemaFor(id),
                    schemas.topicFor(id), select, override != null));
        }
        return tables;
    }

    /** Plans the tables that have no plan yet (see {@link ChunkPlanner}). */
    private void plan(List<SnapshotTable> tables, Connection jdbc) throws SQLException {
        boolean resuming = progress != null;
        if (progress == null) {
            progress = SnapshotProgress.start(List.of());
        }
        fresh = !resuming || progress.doneChunks() == 0;
        for (TableName planned : progress.plans().keySet()) {
            if (progress.started(planned)) {
                resumedTables.add(planned);
            }
        }
        int serverVersion = serverVersionNum(jdbc);
        ChunkPlanner planner = new ChunkPlanner(serverVersion, chunkRows);
        if (!planner.cutsTables()) {
            LOG.info("PostgreSQL {} has no TID range scans (they came with 14): a ctid range would scan the whole "
                    + "table once per chunk, so each table is read whole as one chunk (tables are still read in "
                    + "parallel)", serverVersion);
        }
        try (PreparedStatement statement = jdbc.prepareStatement("SELECT c.relkind, pg_relation_size(c.oid) / "
                + "current_setting('block_size')::bigint, c.relpages, c.reltuples FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            for (SnapshotTable table : tables) {
                if (progress.plans().containsKey(table.name())) {
                    continue;
                }
                statement.setString(1, table.name().schema());
                statement.setString(2, table.name().table());
                ChunkPlanner.TableStats stats = null;
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        stats = new ChunkPlanner.TableStats(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4));
                    }
                }
                progress = progress.withTable(planner.plan(table.name(), table.overridden(), stats));
            }
        }
    }

    private static int serverVersionNum(Connection jdbc) throws SQLException {
        try (Statement statement = jdbc.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Rows per batch a reader hands to the task: {@link #HANDOVER_ROWS}, or max.batch.size when smaller (the throttle's cap). */
    static int handoverRows(SlotConnectorConfig config) {
        return Math.min(config.getMaxBatchSize(), HANDOVER_ROWS);
    }

    /** Rows per cursor fetch: snapshot.fetch.size when set, else {@link #FETCH_ROWS}. */
    static int fetchRows(SlotConnectorConfig config) {
        return config.getConfig().hasKey(CommonConnectorConfig.SNAPSHOT_FETCH_SIZE) ? config.getSnapshotFetchSize() : FETCH_ROWS;
    }

    private ConcurrentLinkedQueue<ChunkReader.Work> remainingWork(List<SnapshotTable> tables) {
        ConcurrentLinkedQueue<ChunkReader.Work> work = new ConcurrentLinkedQueue<>();
        Set<TableName> present = new HashSet<>();
        for (SnapshotTable table : tables) {
            present.add(table.name());
            TablePlan plan = progress.plans().get(table.name());
            for (int chunk = 0; chunk < plan.chunks(); chunk++) {
                if (!progress.isDone(table.name(), chunk)) {
                    work.add(new ChunkReader.Work(table, plan, chunk));
                }
            }
        }
        for (TableName planned : progress.plans().keySet()) {
            if (!present.contains(planned)) {
                LOG.warn("Table {} was planned by an earlier snapshot attempt but is no longer selected or present; "
                        + "its remaining chunks are skipped", planned);
            }
        }
        return work;
    }

    /**
     * The next records, or null when none is ready yet. The last batch is held back until the
     * readers are done, so its last record can say it is the snapshot's last.
     */
    public List<SourceRecord> poll() throws InterruptedException {
        if (delivered) {
            return null;
        }
        waiters.check(progress.doneChunks() + " of " + progress.totalChunks() + " chunks delivered");
        ChunkBatch batch = batches.poll(100, TimeUnit.MILLISECONDS);
        while (batch != null) {
            List<SourceRecord> next = records(batch);
            // An empty chunk adds no record (its progress rides on the next one's offset): the rows
            // held back stay held, or an empty chunk read last would leave the snapshot without the
            // record that says it is complete, and the offsets in "snapshot in progress" for good.
            if (!next.isEmpty()) {
                List<SourceRecord> ready = held;
                held = next;
                if (ready != null && !ready.isEmpty()) {
                    return ready;
                }
            }
            batch = batches.poll();
        }
        failIfAReaderFailed();
        if (readers.stream().allMatch(Future::isDone) && batches.isEmpty()) {
            delivered = true;
            List<SourceRecord> last = held == null ? new ArrayList<>() : held;
            held = null;
            offset = offsetMap(true);
            if (!last.isEmpty()) {
                SourceRecord final_ = last.get(last.size() - 1);
                mark((Struct) final_.value(), SnapshotRecord.LAST);
                chunkEnds.remove(final_);
                SourceRecord completing = new SourceRecord(partition, offset, final_.topic(), final_.kafkaPartition(),
                        final_.keySchema(), final_.key(), final_.valueSchema(), final_.value(), final_.timestamp(),
                        final_.headers());
                chunkEnds.add(completing);
                last.set(last.size() - 1, completing);
            }
            long seconds = Math.max(1, (System.currentTimeMillis() - startedAt) / 1000);
            LOG.info("Snapshot read {} rows of {} chunk(s) in {} s ({} rows/s); streaming starts once Kafka has them all",
                    rows, progress.totalChunks(), seconds, rows / seconds);
            return last;
        }
        return null;
    }

    /**
     * The envelope of a chunk's rows (see {@link ChunkReader.Envelopes}): resumed tables keep
     * Debezium's, the others name the snapshot's epoch ({@link SnapshotEpochMarks}).
     */
    private Envelope envelope(SnapshotTable table, Struct source) {
        Envelope debeziums = table.schema().getEnvelopeSchema();
        return resumedTables.contains(table.name()) ? debeziums : epochMarks.envelope(debeziums, source);
    }

    /** Marks one row's source block: a copy, as the rows of a chunk share theirs (ChunkReader). */
    private static void mark(Struct envelope, SnapshotRecord marker) {
        Struct shared = envelope.getStruct("source");
        Struct own = new Struct(shared.schema());
        for (Field field : shared.schema().fields()) {
            own.put(field, shared.getWithoutDefault(field.name()));
        }
        marker.toSource(own);
        envelope.put("source", own);
    }

    private List<SourceRecord> records(ChunkBatch batch) {
        SnapshotTable table = batch.table();
        List<SourceRecord> out = new ArrayList<>(batch.rows().size() + 1);
        for (int i = 0; i < batch.rows().size(); i++) {
            ChunkBatch.Row row = batch.rows().get(i);
            if (fresh && emitted.get() == 0 && out.isEmpty()) {
                mark(row.envelope(), SnapshotRecord.FIRST);
            }
            if (batch.endsChunk() && i == batch.rows().size() - 1) {
                progress = progress.withDone(table.name(), batch.chunk());
                offset = offsetMap(false);
            }
            SourceRecord record = new SourceRecord(partition, offset, table.topic(), null, table.schema().keySchema(),
                    row.key(), row.envelope().schema(), row.envelope());
            if (!resumedTables.contains(table.name()) && truncated.add(table.name())) {
                out.add(SnapshotTruncates.truncateBefore(record));
            }
            out.add(record);
            if (batch.endsChunk() && i == batch.rows().size() - 1) {
                chunkEnds.add(record);
            }
        }
        if (batch.endsChunk() && batch.rows().isEmpty()) {
            progress = progress.withDone(table.name(), batch.chunk());
            offset = offsetMap(false);
            if (batch.truncate() != null && !table.overridden() && tableDone(table)
                    && !resumedTables.contains(table.name()) && truncated.add(table.name())) {
                // Not one chunk had a row: no row brings the truncate, yet the target must end as
                // empty as the table (a target kept from an earlier sync, an earlier attempt's rows).
                // Not for a snapshot.select.statement.overrides table, whose SELECT finding no row
                // does not make it empty: Ferry's DDL and signal tables are skipped that way (WHERE
                // false), a partitioned parent whose partitions publish their own rows is read with
                // ONLY (truncating it in a partitioned target would empty the partitions: SchemaSyncIT
                // saw it), and a user's override may filter.
                SourceRecord truncate = emptyTableTruncate(table, batch.truncate());
                out.add(truncate);
                chunkEnds.add(truncate);
            }
        }
        rows += batch.rows().size();
        emitted.addAndGet(out.size());
        SnapshotTableMetrics counters = tableMetrics.get(table.name());
        counters.rowsRead(batch.rows().size());
        if (batch.endsChunk()) {
            counters.chunkDone();
        }
        return out;
    }

    private boolean tableDone(SnapshotTable table) {
        return progress.doneChunks(table.name()) == progress.plans().get(table.name()).chunks();
    }

    /** The truncate of a table none of whose chunks had a row, as {@link SnapshotTruncates} would put before one. */
    private SourceRecord emptyTableTruncate(SnapshotTable table, Struct truncate) {
        if (fresh && emitted.get() == 0) {
            mark(truncate, SnapshotRecord.FIRST);
        }
        return new SourceRecord(partition, offset, table.topic(), null, null, null, truncate.schema(), truncate);
    }

    /** Whether {@code record}, returned by {@link #poll()}, is the last of a chunk (asked once per record). */
    public boolean endsChunk(SourceRecord record) {
        return chunkEnds.remove(record);
    }

    private Map<String, Object> offsetMap(boolean complete) {
        Map<String, Object> map = new HashMap<>();
        map.put("snapshot", true);
        map.put("last_snapshot_record", complete);
        map.put("lsn", lsn);
        map.put(CHUNKS, progress.encode());
        map.put(COMPLETE, complete);
        return Map.copyOf(map);
    }

    private void failIfAReaderFailed() {
        for (Future<?> reader : readers) {
            if (reader.isDone() && !reader.isCancelled()) {
                try {
                    reader.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw new ConnectException("Snapshot failed: " + cause.getMessage(), cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Whether every snapshot record has been handed out and Kafka has acknowledged each. */
    public boolean delivered() {
        return delivered && acknowledged.get() >= emitted.get();
    }

    /**
     * Called once for each record this snapshot {@link #owns} that Kafka acknowledged (or a
     * transform dropped): every record is acknowledged once, so counting them is enough.
     */
    public void acknowledged() {
        acknowledged.incrementAndGet();
    }

    /** Whether a record is one of this snapshot's. */
    public boolean owns(SourceRecord record) {
        return partition.equals(record.sourcePartition());
    }

    @Override
    public void close() {
        running = false;
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
