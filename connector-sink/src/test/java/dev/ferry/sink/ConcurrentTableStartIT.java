package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.SnapshotEpoch;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.sink.apply.BatchApplier;
import dev.ferry.sink.buffer.TableBuffer;
import dev.ferry.sink.config.SinkConfig.InsertMode;
import dev.ferry.sink.config.SinkConfig.SchemaConflictMode;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.mysql.MySqlDialect;
import dev.ferry.sink.dialect.postgres.PostgresDialect;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.ChangeEvent.Kind;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.snapshot.SnapshotStartLedger;
import dev.ferry.sink.structure.SchemaSyncLedger;
import dev.ferry.sink.structure.StructureApplier;
import dev.ferry.sink.table.TableManager;
import dev.ferry.testsupport.MariaDbExtension;
import dev.ferry.testsupport.PostgresExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tasks of one sink connector starting the same target table at once, each from its own
 * partition of the table's topic, with the table created in the first task's transaction (from
 * its rows: the schema record is only in partition 0 by default). Found by ChaosIT: seed 6 lost
 * snapshot rows in MariaDB (the CREATE TABLE committed the first task's snapshot claim early, the
 * other task wrote its rows, and the first then emptied the table over them), seed 4 failed a task
 * with "already exists and holds rows" (a schema record took the connector's own rows for a
 * conflict).
 */
class ConcurrentTableStartIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @RegisterExtension
    static final MariaDbExtension MARIADB = new MariaDbExtension();

    private static final String CONNECTOR = "race";
    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
            .field("v", Schema.OPTIONAL_STRING_SCHEMA).build();

    private long offset;

    @Test
    void snapshotStartingInTheBatchThatCreatesTheTableOnPostgres() throws Exception {
        snapshotStartingInTheBatchThatCreatesTheTable(postgres(), new TableId("public", "started"));
    }

    @Test
    void snapshotStartingInTheBatchThatCreatesTheTableOnMariaDb() throws Exception {
        snapshotStartingInTheBatchThatCreatesTheTable(mariaDb(), new TableId(null, "started"));
    }

    @Test
    void schemaRecordOfATableAnotherTaskCreatesFromRowsOnPostgres() throws Exception {
        schemaRecordOfATableAnotherTaskCreatesFromRows(postgres(), new TableId("public", "adopted"));
    }

    @Test
    void schemaRecordOfATableAnotherTaskCreatesFromRowsOnMariaDb() throws Exception {
        schemaRecordOfATableAnotherTaskCreatesFromRows(mariaDb(), new TableId(null, "adopted"));
    }

    private void snapshotStartingInTheBatchThatCreatesTheTable(Target target, TableId table) throws Exception {
        Dialect dialect = target.dialect();
        SnapshotStartLedger firstLedger = new SnapshotStartLedger(dialect, CONNECTOR);
        SnapshotStartLedger secondLedger = new SnapshotStartLedger(dialect, CONNECTOR);
        BatchApplier firstTask = new BatchApplier(dialect, new TableManager(dialect, true, true), InsertMode.UPSERT,
                firstLedger);
        BatchApplier secondTask = new BatchApplier(dialect, new TableManager(dialect, true, true), InsertMode.UPSERT,
                secondLedger);
        try (Connection first = target.open(); Connection second = target.open()) {
            // Both tasks have claimed an earlier snapshot already, so their ledger table is in place.
            TableId earlier = new TableId(table.schema(), "earlier");
            firstTask.apply(first, List.of(buffer(earlier, 1, 1, "race@1")));
            first.commit();
            firstLedger.committed();
            secondTask.apply(second, List.of(buffer(earlier, 2, 2, "race@1")));
            second.commit();
            secondLedger.committed();

            firstTask.apply(first, List.of(buffer(table, 1, 3, "race@2")));
            assertThat(target.value("SELECT count(*) FROM " + dialect.quote(SnapshotStartLedger.TABLE) + " WHERE "
                    + dialect.quote("target_table") + " = '" + table + "'"))
                    .as("the claim is committed only with the emptied table, not by the CREATE TABLE before it")
                    .isEqualTo("0");
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    secondTask.apply(second, List.of(buffer(table, 4, 6, "race@2")));
                    second.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            assertThat(other).as("the other partition's rows wait for the first task's transaction").isNotDone();
            first.commit();
            other.get(30, TimeUnit.SECONDS);
        }
        assertThat(target.value("SELECT count(*) FROM " + dialect.table(table))).as("rows of both partitions")
                .isEqualTo("6");
    }

    private void schemaRecordOfATableAnotherTaskCreatesFromRows(Target target, TableId table) throws Exception {
        Dialect dialect = target.dialect();
        TableManager firstTables = new TableManager(dialect, true, true);
        StructureApplier firstStructures = structures(dialect, firstTables);
        firstTables.onCreating(firstStructures::adopt);
        BatchApplier firstTask = new BatchApplier(dialect, firstTables, InsertMode.UPSERT);
        StructureApplier secondStructures = structures(dialect, new TableManager(dialect, true, true));
        TableStructure structure = new TableStructure("public", "adopted", List.of(
                new Column("id", "bigint", "int8", "pg_catalog", null, null, null, false, true, null, null, null, null, 1),
                new Column("v", "text", "text", "pg_catalog", null, null, null, false, false, null, null, null, null, 2)),
                List.of("id"), List.of(), List.of(), List.of(), List.of(), null, null);
        try (Connection first = target.open(); Connection second = target.open()) {
            // The ledger table is in place, as after any earlier schema record.
            new SchemaSyncLedger(dialect, CONNECTOR).claim(first, new TableId(table.schema(), "earlier"));
            first.commit();

            firstTask.apply(first, List.of(buffer(table, 1, 3, null)));
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    secondStructures.apply(second, table, structure, Function.identity(), false, false, null);
                    second.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            first.commit();
            other.get(30, TimeUnit.SECONDS);
        }
        assertThat(target.value("SELECT count(*) FROM " + dialect.table(table))).isEqualTo("3");
        assertThat(target.value("SELECT count(*) FROM " + dialect.quote(SchemaSyncLedger.TABLE) + " WHERE "
                + dialect.quote("target_table") + " = '" + table + "'")).isEqualTo("1");
    }

    private static StructureApplier structures(Dialect dialect, TableManager tables) {
        return new StructureApplier(dialect, tables, new SchemaSyncLedger(dialect, CONNECTOR),
                SchemaConflictMode.PRECHECK, false);
    }

    /** Rows {@code from..to} of {@code table}, as snapshot rows of {@code epoch} when it is not null. */
    private TableBuffer buffer(TableId table, long from, long to, String epoch) {
        TableBuffer buffer = new TableBuffer(table, false);
        // The epoch is all the buffer reads of the record: its envelope schema names it.
        Schema envelope = epoch == null ? null : SnapshotEpoch.mark(SchemaBuilder.struct().build(), epoch);
        for (long id = from; id <= to; id++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("v", "row " + id);
            SinkRecord record = new SinkRecord("race.public." + table.table(), 0, null, null, envelope, null, offset++);
            buffer.add(new ChangeEvent(record, table, Kind.UPSERT, epoch != null, List.of("id"), List.of(id), null, row,
                    ROW, Set.of(), -1, -1));
        }
        return buffer;
    }

    private interface Target {
        Dialect dialect();

        Connection connect() throws Exception;

        String value(String sql);

        /** A connection as a sink task sets it up: its session settings, a transaction open. */
        default Connection open() throws Exception {
            Connection connection = connect();
            try (Statement statement = connection.createStatement()) {
                for (String sql : dialect().sessionSetup(false, 0)) {
                    statement.execute(sql);
                }
            }
            connection.setAutoCommit(false);
            return connection;
        }
    }

    private static Target postgres() {
        Dialect dialect = new PostgresDialect();
        return new Target() {
            public Dialect dialect() {
                return dialect;
            }

            public Connection connect() throws Exception {
                return dialect.connect(POSTGRES.jdbcUrl(), PostgresExtension.USER, PostgresExtension.PASSWORD);
            }

            public String value(String sql) {
                return POSTGRES.queryValue(sql);
            }
        };
    }

    private static Target mariaDb() {
        Dialect dialect = new MySqlDialect();
        return new Target() {
            public Dialect dialect() {
                return dialect;
            }

            public Connection connect() throws Exception {
                return dialect.connect(MARIADB.jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD);
            }

            public String value(String sql) {
                return MARIADB.query(sql).get(0).get(0);
            }
        };
    }
}
