package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sink.apply.BatchApplier;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.config.SinkConfig.InsertMode;
import dev.ferry.sink.dialect.mysql.MySqlDialect;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.ChangeEvent.Kind;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.table.TableManager;
import dev.ferry.testsupport.MariaDbExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MySQL dialect's multi-row upserts on a real MariaDB with rows of several megabytes: one
 * batch of them is larger than {@code max_allowed_packet}, each row is not.
 */
class MariaDbLargeRowsIT {

    @RegisterExtension
    static final MariaDbExtension MARIADB = new MariaDbExtension();

    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
            .field("body", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final TableId T = new TableId(null, "big");
    private static final int ROWS = 40;
    private static final int ROW_CHARACTERS = 2 * 1024 * 1024;
    /** Characters the driver escapes, and one that takes two bytes in UTF-8. */
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 '\"\\\né";

    private long offset;

    @Test
    void fortyRowsOfTwoMegabytesInOneBatchAllArriveThoughTogetherTheyExceedMaxAllowedPacket() throws Exception {
        MARIADB.execute("CREATE TABLE big (id bigint PRIMARY KEY, body LONGTEXT)",
                "INSERT INTO big VALUES (1, 'old'), (2, 'old')");
        MySqlDialect dialect = new MySqlDialect();
        BatchApplier applier = new BatchApplier(dialect, new TableManager(dialect, false, false), InsertMode.UPSERT);
        TableBuffer buffer = new TableBuffer(T, false);
        List<List<String>> sent = new ArrayList<>();
        long sentBytes = 0;
        long largestRow = 0;
        for (long id = 1; id <= ROWS; id++) {
            String body = body(id);
            byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
            sentBytes += utf8.length;
            largestRow = Math.max(largestRow, utf8.length);
            sent.add(List.of(Long.toString(id), Integer.toString(body.length()), md5(utf8)));
            buffer.add(upsert(id, body));
        }
        long maxAllowedPacket = Long.parseLong(MARIADB.query("SELECT @@max_allowed_packet").get(0).get(0));
        assertThat(sentBytes).as("the batch exceeds max_allowed_packet").isGreaterThan(maxAllowedPacket);
        assertThat(largestRow).as("each row fits max_allowed_packet").isLessThan(maxAllowedPacket / 2);

        try (Connection connection = dialect.connect(MARIADB.jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD)) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : dialect.sessionSetup(false, 0)) {
                    statement.execute(sql);
                }
            }
            connection.setAutoCommit(false);
            assertThat(applier.apply(connection, List.of(buffer))).isEqualTo(ROWS);
            connection.commit();
        }

        assertThat(MARIADB.query("SELECT id, char_length(body), md5(body) FROM big ORDER BY id"))
                .containsExactlyElementsOf(sent);
    }

    /** Text that differs per row, so a row written twice or swapped shows in its checksum. */
    private static String body(long id) {
        Random random = new Random(id);
        StringBuilder body = new StringBuilder(ROW_CHARACTERS);
        for (int i = 0; i < ROW_CHARACTERS; i++) {
            body.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return body.toString();
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private ChangeEvent upsert(long id, String body) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("body", body);
        return new ChangeEvent(new SinkRecord("p.public.big", 0, null, null, null, null, offset++), T, Kind.UPSERT,
                false, List.of("id"), List.of(id), null, row, ROW, Set.of(), -1, -1);
    }
}
