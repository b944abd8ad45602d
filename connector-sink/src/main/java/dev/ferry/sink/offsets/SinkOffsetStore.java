package dev.ferry.sink.offsets;

import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.table.LedgerTableCreation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The exactly-once ledger: the next Kafka offset to apply per topic partition, stored in the
 * target ({@value #TABLE}) and written in the same transaction as the rows it covers.
 */
public final class SinkOffsetStore {

    public static final String TABLE = "ferry_sink_offsets";

    private final Dialect dialect;
    private final String connector;

    public SinkOffsetStore(Dialect dialect, String connector) {
        this.dialect = dialect;
        this.connector = connector;
    }

    public void createTableIfMissing(Connection connection) throws SQLException {
        LedgerTableCreation.create(connection, dialect, TABLE, "CREATE TABLE IF NOT EXISTS " + dialect.quote(TABLE) + " ("
                + dialect.quote("connector") + " VARCHAR(255) NOT NULL, "
                + dialect.quote("topic") + " VARCHAR(255) NOT NULL, "
                + dialect.quote("kafka_partition") + " INT NOT NULL, "
                + dialect.quote("next_offset") + " BIGINT NOT NULL, "
                + "PRIMARY KEY (" + dialect.quote("connector") + ", " + dialect.quote("topic") + ", "
                + dialect.quote("kafka_partition") + "))");
    }

    public Map<TopicPartition, Long> read(Connection connection) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        String sql = "SELECT " + dialect.quote("topic") + ", " + dialect.quote("kafka_partition") + ", "
                + dialect.quote("next_offset") + " FROM " + dialect.quote(TABLE) + " WHERE "
                + dialect.quote("connector") + " = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, connector);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return offsets;
    }

    /**
     * Moves the ledger from {@code previous} to {@code next} offsets, in the caller's transaction,
     * as a compare-and-set per partition: a row must still hold the offset this task last read
     * or wrote, and a missing row must still be missing. Otherwise another task has taken the
     * partition over and applied past this task (a rebalance while this one was blocked), and
     * {@link FencedException} tells the caller to roll back instead of moving the ledger back.
     */
    public void write(Connection connection, Map<TopicPartition, Long> previous, Map<TopicPartition, Long> next)
            throws SQLException {
        String table = dialect.quote(TABLE);
        String where = " WHERE " + dialect.quote("connector") + " = ? AND " + dialect.quote("topic") + " = ? AND "
                + dialect.quote("kafka_partition") + " = ?";
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET "
                        + dialect.quote("next_offset") + " = ?" + where + " AND " + dialect.quote("next_offset") + " = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
                TopicPartition partition = entry.getKey();
                Long expected = previous.get(partition);
                if (expected != null) {
                    update.setLong(1, entry.getValue());
                    update.setString(2, connector);
                    update.setString(3, partition.topic());
                    update.setInt(4, partition.partition());
                    update.setLong(5, expected);
                    if (update.executeUpdate() != 1) {
                        throw new FencedException(partition, expected);
                    }
                } else {
                    insert.setString(1, connector);
                    insert.setString(2, partition.topic());
                    insert.setInt(3, partition.partition());
                    insert.setLong(4, entry.getValue());
                    try {
                        insert.executeUpdate();
                    } catch (SQLException e) {
                        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                            throw new FencedException(partition, null);
                        }
                        throw e;
                    }
                }
            }
        }
    }

    /** The ledger moved under this task: another task applied the partition past it. */
    public static final class FencedException extends SQLException {

        private static final long serialVersionUID = 1L;

        public FencedException(TopicPartition partition, Long expected) {
            super("the exactly-once ledger " + TABLE + " for " + partition + " no longer holds "
                    + (expected == null ? "no row" : "next offset " + expected) + ": another task applied this "
                    + "partition meanwhile; this batch is rolled back and its records already applied are skipped");
        }
    }
}
