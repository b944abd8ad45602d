package dev.ferry.sink.offsets;

import dev.ferry.sink.dialect.Dialect;
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
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + dialect.quote(TABLE) + " ("
                    + dialect.quote("connector") + " VARCHAR(255) NOT NULL, "
                    + dialect.quote("topic") + " VARCHAR(255) NOT NULL, "
                    + dialect.quote("kafka_partition") + " INT NOT NULL, "
                    + dialect.quote("next_offset") + " BIGINT NOT NULL, "
                    + "PRIMARY KEY (" + dialect.quote("connector") + ", " + dialect.quote("topic") + ", "
                    + dialect.quote("kafka_partition") + "))");
        }
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

    /** Records the next offsets; part of the caller's transaction. */
    public void write(Connection connection, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        String table = dialect.quote(TABLE);
        String where = " WHERE " + dialect.quote("connector") + " = ? AND " + dialect.quote("topic") + " = ? AND "
                + dialect.quote("kafka_partition") + " = ?";
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + where);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<TopicPartition, Long> entry : nextOffsets.entrySet()) {
                delete.setString(1, connector);
                delete.setString(2, entry.getKey().topic());
                delete.setInt(3, entry.getKey().partition());
                delete.addBatch();
                insert.setString(1, connector);
                insert.setString(2, entry.getKey().topic());
                insert.setInt(3, entry.getKey().partition());
                insert.setLong(4, entry.getValue());
                insert.addBatch();
            }
            delete.executeBatch();
            insert.executeBatch();
        }
    }
}
