package dev.ferry.source.snapshot.chunked;

import io.debezium.connector.SnapshotRecord;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.connection.Lsn;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.data.Envelope;
import io.debezium.util.Clock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Struct;
import org.postgresql.PGConnection;

/**
 * One snapshot connection: joins the slot's exported snapshot (or, when resuming, a fresh
 * repeatable-read one), locks the tables it may read (see {@link SnapshotTableLocks}), waits until
 * the snapshot has checked that no DDL slipped in before the locks, then takes chunks off the
 * shared work queue until it is empty, reading each with a server-side cursor and turning each
 * row into Debezium's snapshot envelope on this thread, so conversion runs in parallel with the
 * task thread's Kafka conversion.
 */
final class ChunkReader implements Runnable {

    /** Work shared by the readers of one snapshot. */
    record Work(SnapshotTable table, SnapshotProgress.TablePlan plan, int chunk) {
    }

    /**
     * What a reader passes before it reads: {@code joined} once it is in the snapshot (counted
     * down by every reader), {@code locked} once it holds its locks on {@code tables} (by the
     * first), {@code cleared} once the snapshot has checked the tables did not change before.
     * {@code deliveryTurn}, when not null, is held by the one reader whose chunk is being handed
     * over, so each chunk reaches the task in one piece (for one Kafka transaction per chunk).
     */
    record Gates(CountDownLatch joined, List<SnapshotTable> tables, CountDownLatch locked, CountDownLatch cleared,
            LockWaiters waiters, Semaphore deliveryTurn) {
    }

    /**
     * The envelope a chunk's rows are built with, from their table and source block: Debezium's,
     * or for a table that starts empty in the target, one whose schema names the snapshot's epoch.
     */
    interface Envelopes {
        Envelope of(SnapshotTable table, Struct source);
    }

    private final Supplier<PostgresConnection> connections;
    private final PostgresConnectorConfig config;
    private final String exportedSnapshot;
    private final Lsn slotLsn;
    private final Queue<Work> work;
    private final BlockingQueue<ChunkBatch> out;
    private final CountDownLatch joined;
    private final List<SnapshotTable> tables;
    private final CountDownLatch locked;
    private final CountDownLatch cleared;
    private final LockWaiters waiters;
    private final Semaphore deliveryTurn;
    private final BooleanSupplier running;
    private final int batchSize;
    private final int fetchSize;
    private final Envelopes envelopes;
    private final Clock clock = Clock.system();

    ChunkReader(Supplier<PostgresConnection> connections, PostgresConnectorConfig config, String exportedSnapshot,
            Lsn slotLsn, Queue<Work> work, BlockingQueue<ChunkBatch> out, Gates gates, BooleanSupplier running,
            int batchSize, int fetchSize, Envelopes envelopes) {
        this.connections = connections;
        this.config = config;
        this.exportedSnapshot = exportedSnapshot;
        this.slotLsn = slotLsn;
        this.work = work;
        this.out = out;
        this.joined = gates.joined();
        this.tables = gates.tables();
        this.locked = gates.locked();
        this.cleared = gates.cleared();
        this.waiters = gates.waiters();
        this.deliveryTurn = gates.deliveryTurn();
        this.running = running;
        this.batchSize = batchSize;
        this.fetchSize = fetchSize;
        this.envelopes = envelopes;
    }

    @Override
    public void run() {
        boolean counted = false;
        try (PostgresConnection connection = connections.get()) {
            Connection jdbc = connection.connection();
            jdbc.setAutoCommit(false);
            beginSnapshotTransaction(jdbc, exportedSnapshot);
            joined.countDown();
            counted = true;
            SnapshotTableLocks locks = SnapshotTableLocks.lock(jdbc, tables);
            waiters.reader(jdbc.unwrap(PGConnection.class).getBackendPID());
            locked.countDown();
            while (!cleared.await(100, TimeUnit.MILLISECONDS)) {
                if (!running.getAsBoolean()) {
                    return;
                }
            }
            PostgresOffsetContext offset = PostgresOffsetContext.initialContext(config, connection, clock);
            Instant snapshotTime = connection.getCurrentTimestamp().orElseGet(clock::currentTimeAsInstant);
            offset.updateWalPosition(slotLsn, null, snapshotTime, connection.currentTransactionId(), null, null, null);
            offset.preSnapshotStart(false);
            offset.markSnapshotRecord(SnapshotRecord.TRUE);
            for (Work next = work.poll(); next != null && running.getAsBoolean(); next = work.poll()) {
                locks.releaseBefore(next.table().name());
                read(connection, jdbc, offset, snapshotTime, next);
            }
            jdbc.rollback();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            if (!counted) {
                joined.countDown();
            }
        }
    }

    /** The transaction every chunk of this reader is read in; the snapshot's name joins the slot's. */
    static void beginSnapshotTransaction(Connection jdbc, String exportedSnapshot) throws SQLException {
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            if (exportedSnapshot != null) {
                statement.execute("SET TRANSACTION SNAPSHOT '" + exportedSnapshot.replace("'", "''") + "'");
            }
        }
    }

    private void read(PostgresConnection connection, Connection jdbc, PostgresOffsetContext offset, Instant snapshotTime,
            Work chunk) throws SQLException, InterruptedException {
        SnapshotTable table = chunk.table();
        String sql = table.statement(chunk.plan(), chunk.chunk());
        offset.event(table.id(), snapshotTime);
        // One source block for the chunk's rows: it is the same for all of them, and building it
        // per row was an eighth of this thread on wide tables. ChunkedSnapshot copies it before
        // marking a row first or last.
        Struct source = offset.getSourceInfo();
        Envelope tableEnvelope = envelopes.of(table, source);
        ReadEnvelopes rowEnvelopes = new ReadEnvelopes(tableEnvelope, source);
        boolean handedRows = false;
        boolean myTurn = false;
        try (Statement statement = jdbc.createStatement()) {
            statement.setFetchSize(fetchSize);
            try (ResultSet rs = statement.executeQuery(sql)) {
                RowReader rowReader = new RowReader(connection, table.table(), rs);
                List<ChunkBatch.Row> rows = new ArrayList<>(batchSize);
                while (rs.next()) {
                    Object[] row = rowReader.read(rs);
                    Struct value = table.schema().valueFromColumnData(row);
                    if (value == null) {
                        continue;
                    }
                    Struct key = table.schema().keyFromColumnData(row);
                    Struct envelope = rowEnvelopes.read(value, clock.currentTimeAsInstant());
                    rows.add(new ChunkBatch.Row(key, envelope));
                    if (rows.size() == batchSize) {
                        myTurn = myTurn || awaitTurn();
                        hand(new ChunkBatch(table, chunk.chunk(), rows, false, null));
                        handedRows = true;
                        rows = new ArrayList<>(batchSize);
                    }
                    if (!running.getAsBoolean()) {
                        return;
                    }
                }
                myTurn = myTurn || awaitTurn();
                boolean noRow = !handedRows && rows.isEmpty();
                hand(new ChunkBatch(table, chunk.chunk(), rows, true,
                        noRow ? tableEnvelope.truncate(source, clock.currentTimeAsInstant()) : null));
            }
        } catch (SQLException e) {
            throw new SQLException("Snapshot of " + table.name() + " chunk " + chunk.chunk() + " (" + sql + ") failed: "
                    + e.getMessage(), e.getSQLState(), e);
        } finally {
            if (myTurn) {
                deliveryTurn.release();
            }
        }
    }

    /** Waits until no other reader is handing over a chunk; true once this reader holds the turn. */
    private boolean awaitTurn() throws InterruptedException {
        if (deliveryTurn == null) {
            return false;
        }
        while (!deliveryTurn.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (!running.getAsBoolean()) {
                throw new InterruptedException("snapshot stopped");
            }
        }
        return true;
    }

    /** Waits for room in the task's queue: memory stays bounded by the queue, not by the table. */
    private void hand(ChunkBatch batch) throws InterruptedException {
        while (running.getAsBoolean()) {
            if (out.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }
}
