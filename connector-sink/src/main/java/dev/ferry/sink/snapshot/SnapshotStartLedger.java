package dev.ferry.sink.snapshot;

import dev.ferry.contract.SnapshotEpoch;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.table.LedgerClaim;
import dev.ferry.sink.table.LedgerTableCreation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The initial snapshots whose target tables this sink connector has emptied ({@value #TABLE}, in
 * the target's default schema): one row per target table and snapshot epoch
 * ({@link SnapshotEpoch}).
 *
 * <p>A table's snapshot rows reach the sink through every partition of its topic, and the truncate
 * the source sends ahead of them through one. Several tasks (or one task reading several
 * partitions) apply them in no particular order, so truncating where the truncate record arrives
 * would wipe rows another partition already delivered. Instead the first transaction to apply any
 * record of an epoch claims it here, by inserting its row, and empties the table; a concurrent
 * claim of the same row waits on the first and then finds it taken, so the table is emptied once,
 * before any of the epoch's rows is written.
 */
public final class SnapshotStartLedger {

    public static final String TABLE = "ferry_snapshot_starts";

    private final Dialect dialect;
    private final String connector;
    /** Claims known to be committed, by this task or another. */
    private final Set<Claim> committed = new HashSet<>();
    /** Claims of the open transaction: lost if it rolls back. */
    private final Set<Claim> pending = new HashSet<>();
    private boolean created;

    public SnapshotStartLedger(Dialect dialect, String connector) {
        this.dialect = dialect;
        this.connector = connector;
    }

    private record Claim(String table, String epoch) {
    }

    /**
     * Claims, in the caller's transaction, every epoch the buffers carry that nobody has claimed
     * yet, and returns the tables to empty before their writes. Claims are made in one order
     * (table, then epoch) so that two tasks claiming the same set cannot deadlock.
     */
    public List<TableId> claim(Connection connection, List<TableBuffer> buffers) throws SQLException {
        List<TableBuffer> sorted = new ArrayList<>(buffers);
        sorted.sort(Comparator.comparing(b -> b.target().toString()));
        List<TableId> toEmpty = new ArrayList<>();
        for (TableBuffer buffer : sorted) {
            for (String epoch : buffer.snapshotEpochs()) {
                Claim claim = new Claim(buffer.target().toString(), epoch);
                if (committed.contains(claim) || pending.contains(claim)) {
                    continue;
                }
                if (insert(connection, claim)) {
                    pending.add(claim);
                    if (!toEmpty.contains(buffer.target())) {
                        toEmpty.add(buffer.target());
                    }
                } else {
                    committed.add(claim);
                }
            }
        }
        return toEmpty;
    }

    /** The open transaction committed: its claims hold. */
    public void committed() {
        committed.addAll(pending);
        pending.clear();
    }

    /** The open transaction rolled back: its claims are gone with it, and so may the table be. */
    public void rolledBack() {
        pending.clear();
        created = false;
    }

    /** Whether the row was inserted; false when another transaction holds the claim (it waited for it). */
    private boolean insert(Connection connection, Claim claim) throws SQLException {
        createTableIfMissing(connection);
        return LedgerClaim.insert(connection, "INSERT INTO " + dialect.quote(TABLE) + " (" + dialect.quote("connector")
                + ", " + dialect.quote("target_table") + ", " + dialect.quote("snapshot_epoch") + ") VALUES (?, ?, ?)",
                List.of(connector, claim.table(), claim.epoch()));
    }

    private void createTableIfMissing(Connection connection) throws SQLException {
        if (created) {
            return;
        }
        LedgerTableCreation.create(connection, dialect, TABLE, "CREATE TABLE IF NOT EXISTS " + dialect.quote(TABLE) + " ("
                + dialect.quote("connector") + " VARCHAR(255) NOT NULL, "
                + dialect.quote("target_table") + " VARCHAR(400) NOT NULL, "
                // MySQL's utf8mb4 keys are limited to 3072 bytes: 4 per character.
                + dialect.quote("snapshot_epoch") + " VARCHAR(100) NOT NULL, "
                + "PRIMARY KEY (" + dialect.quote("connector") + ", " + dialect.quote("target_table") + ", "
                + dialect.quote("snapshot_epoch") + "))");
        created = true;
    }
}
