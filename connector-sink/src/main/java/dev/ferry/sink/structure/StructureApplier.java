package dev.ferry.sink.structure;

import dev.ferry.contract.structure.DdlCommand;
import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.ForeignKey;
import dev.ferry.sink.apply.RoutedEvent;
import dev.ferry.sink.apply.TableWriteException;
import dev.ferry.sink.config.SinkConfig.SchemaConflictMode;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.dialect.TableMetadata;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.table.TableManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a schema record to its target table: creates the table from the source's structure when
 * it is missing, otherwise adds the columns it lacks; either way moves the table's sequences
 * forward. A DDL record (the source captures DDL) also renames, drops and alters columns and
 * drops the table, by comparing the columns' source positions with the table's
 * {@link TableHistory}; from such a source, other schema records (read at its start, possibly
 * ahead of the stream) change no existing table. Idempotent, so replayed and repeated records
 * (each source start writes them again) change nothing that is already in place.
 */
public final class StructureApplier {

    private static final Logger LOG = LoggerFactory.getLogger(StructureApplier.class);

    private final Dialect dialect;
    private final StructureDdl ddl;
    private final TableManager tables;
    private final SchemaSyncLedger ledger;
    private final SchemaConflictMode conflictMode;
    /** Whether events are keyed by their record key (primary.key.mode=record_key), so a replaced key can be followed. */
    private final boolean keyedByRecordKey;
    /** Warnings already logged, so a repeated record does not repeat them. */
    private final Set<String> warned = new HashSet<>();
    /** Per target table, the structure applied last, and the row schema last checked against it. */
    private final Map<TableId, TableStructure> applied = new HashMap<>();
    private final Map<TableId, Schema> lastCheckedRowSchema = new HashMap<>();
    private final ColumnChanges columnChanges;
    private final KeyAndIndexChanges keyAndIndexChanges;
    private final LenientDdl lenient;
    private final TargetPartitions partitions;
    private final RetiredColumns retiredColumns = new RetiredColumns();

    public StructureApplier(Dialect dialect, TableManager tables, SchemaSyncLedger ledger,
            SchemaConflictMode conflictMode, boolean keyedByRecordKey) {
        this.keyedByRecordKey = keyedByRecordKey;
        this.dialect = dialect;
        this.ddl = dialect.structureDdl();
        this.tables = tables;
        this.ledger = ledger;
        this.conflictMode = conflictMode;
        this.columnChanges = new ColumnChanges(dialect);
        this.keyAndIndexChanges = new KeyAndIndexChanges(dialect);
        this.lenient = new LenientDdl(ddl, warned);
        this.partitions = new TargetPartitions(dialect, lenient);
    }

    /**
     * Records a table this connector is about to make otherwise (auto.create, from rows that came
     * before any schema record: on a partition without one, or after topic retention removed it)
     * as its own, so that a schema record aligns it instead of calling its rows a conflict. Called
     * before the table's DDL, the order {@link #apply} takes ledger row and table in too.
     */
    public void adopt(Connection connection, TableId target) throws SQLException {
        if (!ledger.contains(connection, target)) {
            ledger.claim(connection, target);
        }
    }

    /**
     * {@code events} under the tables' and columns' current names: the events of a table the
     * source renamed go to the renamed table (its old topic's last rows may come after the
     * rename), columns that DDL records renamed or dropped are written under their current
     * names (see {@link RetiredColumns}), as a replay after a crash delivers them again, and
     * events keyed by a primary key the source has replaced are keyed by the current one
     * (see {@link ReplacedKeys}).
     */
    public List<RoutedEvent> withCurrentNames(Connection connection, List<RoutedEvent> events) throws SQLException {
        List<RoutedEvent> current = null;
        for (int i = 0; i < events.size(); i++) {
            RoutedEvent routed = events.get(i);
            ChangeEvent.Kind kind = routed.event().kind();
            if (kind == ChangeEvent.Kind.HEARTBEAT || kind == ChangeEvent.Kind.SKIP) {
                continue;
            }
            TableId target = currentTarget(connection, routed.target());
            TableHistory history = ledger.history(connection, target);
            ChangeEvent event = kind == ChangeEvent.Kind.TRUNCATE ? routed.event()
                    : retiredColumns.current(routed.event(), history);
            if (keyedByRecordKey) {
                event = ReplacedKeys.current(event, history);
            }
            if (event != routed.event() || !target.equals(routed.target())) {
                if (current == null) {
                    current = new ArrayList<>(events);
                }
                current.set(i, new RoutedEvent(target, event));
            }
        }
        return current == null ? events : current;
    }

    /** The table {@code target} became through the source's table renames; itself when none renamed it. */
    private TableId currentTarget(Connection connection, TableId target) throws SQLException {
        TableId current = target;
        for (int hops = 0; hops < 100; hops++) {
            TableId next = ledger.history(connection, current).renamedTo();
            if (next == null || next.equals(target)) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** Forgets what is cached, after a rollback. */
    public void clear() {
        ledger.clear();
        retiredColumns.clear();
    }

    /**
     * The conflict a table that exists before schema sync takes it over is, or null:
     * under {@code precheck} a table holding rows is one.
     */
    public static String conflict(Connection connection, Dialect dialect, TableId target, SchemaConflictMode mode)
            throws SQLException {
        if (mode != SchemaConflictMode.PRECHECK || dialect.readTable(connection, target).isEmpty()) {
            return null;
        }
        try (Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT 1 FROM " + dialect.table(target) + " LIMIT 1")) {
            if (!rs.next()) {
                return null;
            }
        }
        return "target table " + target + " already exists and holds rows (schema.conflict.mode=precheck): "
                + "empty or drop it, map the source table elsewhere (table.name.format, RenameObjects), or set "
                + "schema.conflict.mode=ignore to keep it and write into it";
    }

    /** The statements that would bring {@code target} to {@code structure} (for a dry run or to apply). */
    public Plan plan(Connection connection, TableId target, TableStructure structure) throws SQLException {
        return plan(connection, target, structure, false, null, new HashMap<>());
    }

    /**
     * The statements for a schema record; {@code ddlCapture}: whether its source captures DDL;
     * {@code history}: the table's history, for a DDL record, whose renames and drops go into
     * {@code retired}.
     */
    private Plan plan(Connection connection, TableId target, TableStructure structure, boolean ddlCapture,
            TableHistory history, Map<String, String> retired) throws SQLException {
        List<String> warnings = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        Optional<TableMetadata> existing = dialect.readTable(connection, target);
        if (existing.isEmpty()) {
            statements.addAll(ddl.createTable(target, structure, warnings));
            return new Plan(target, true, statements, warnings);
        }
        if (history != null) {
            if (!history.isEmpty()) {
                statements.addAll(keyAndIndexChanges.dropForeignKeys(connection, target, structure, history));
            }
            statements.addAll(columnChanges.follow(target, structure, existing.get(), history, retired, warnings));
            if (!history.isEmpty()) {
                statements.addAll(keyAndIndexChanges.follow(connection, target, structure, existing.get(), history,
                        warnings));
            }
        } else if (!ddlCapture) {
            for (Column column : structure.columns()) {
                if (!dialect.hasColumn(existing.get().columns(), column.name())) {
                    statements.add(ddl.addColumn(target, structure, column, warnings));
                }
            }
        }
        statements.addAll(ddl.moveSequencesForward(target, structure));
        return new Plan(target, false, statements, warnings);
    }

    /**
     * Applies {@code structure} to {@code target}; {@code targetOf} names the target table of a
     * source table (for the tables foreign keys reference).
     */
    public void apply(Connection connection, TableId target, TableStructure structure,
            Function<TableId, TableId> targetOf, boolean fullSyncComplete, boolean ddlCapture, DdlCommand command)
            throws SQLException {
        if (command != null && command.dropsTable()) {
            dropTable(connection, target, command);
            return;
        }
        if (command != null && command.droppedIndex() != null) {
            dropIndex(connection, target, command);
            return;
        }
        if (ledger.history(connection, target).renamedTo() != null
                && (command == null || !"CREATE TABLE".equals(command.commandTag()))) {
            // The source renamed this table: what came through its old name went to the renamed one.
            LOG.debug("Schema record of {} skipped: the table was renamed to {}", target,
                    ledger.history(connection, target).renamedTo());
            return;
        }
        if (command != null && command.renamedFrom() != null) {
            renameTable(connection, targetOf.apply(new TableId(command.renamedFrom().schema(),
                    command.renamedFrom().table())), target, command);
        }
        // Claimed before the conflict check: another task of this connector may be creating the
        // table from its rows right now, and those rows are not a conflict.
        boolean takeOver = !ledger.contains(connection, target) && ledger.claim(connection, target);
        if (takeOver) {
            String conflict = conflict(connection, dialect, target, conflictMode);
            if (conflict != null) {
                throw new ConnectException(conflict);
            }
        }
        partitions.createAsPartition(connection, target, structure, targetOf);
        TableHistory history = ddlCapture && !takeOver ? ledger.history(connection, target) : null;
        Map<String, String> retired = new HashMap<>(history == null ? Map.of() : history.retired());
        Plan plan = plan(connection, target, structure, ddlCapture && !takeOver && !history.isEmpty(),
                command != null && history != null ? history : null, retired);
        if (takeOver && !plan.created()) {
            for (String difference : new StructureComparison(dialect).differences(connection, target, structure)) {
                plan.warnings().add("existing target table " + target + " is kept (schema.conflict.mode=ignore): "
                        + difference);
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : plan.statements()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new TableWriteException(target, e, "applying the schema record of source table " + structure.schema()
                    + "." + structure.table());
        }
        partitions.attach(connection, target, structure, targetOf);
        if (fullSyncComplete) {
            for (String sql : ddl.deferredIndexes(connection, target, structure)) {
                lenient.execute(connection, "index of " + target + " (" + sql + ")", sql, true);
            }
            applyForeignKeys(connection, target, structure, targetOf);
        }
        applied.put(target, structure);
        tables.forget(target);
        // Only records in the stream's order move the history: a start-time record may be ahead of it.
        if (ddlCapture && (command != null || plan.created() || takeOver || history.isEmpty())) {
            ledger.saveHistory(connection, target, TableHistory.of(structure, retired));
            retiredColumns.clear();
        }
        if (command != null && !plan.statements().isEmpty()) {
            LOG.info("Applied {} on {} to target table {}: {}", command.commandTag(), command.objectIdentity(), target,
                    String.join("; ", plan.statements()));
        }
        for (String warning : plan.warnings()) {
            if (warned.add(warning)) {
                LOG.warn("Schema sync: {}", warning);
            }
        }
        if (plan.created()) {
            LOG.info("Created target table {} from the source's structure of {}.{}", target, structure.schema(),
                    structure.table());
        }
    }

    /**
     * The source dropped an index (DROP INDEX, whose record carries the table's structure as the
     * source read it later): only that index goes, and the history forgets it.
     */
    private void dropIndex(Connection connection, TableId target, DdlCommand command) throws SQLException {
        if (dialect.readTable(connection, target).isEmpty() || !ledger.contains(connection, target)) {
            return;
        }
        String index = command.droppedIndex();
        try (Statement statement = connection.createStatement()) {
            for (String sql : ddl.dropIndex(connection, target, index)) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new TableWriteException(target, e, "dropping index " + index + " as the source did");
        }
        ledger.saveHistory(connection, target, ledger.history(connection, target).withoutIndex(index));
        tables.forget(target);
        LOG.info("Dropped index {} of target table {}: the source dropped {}", index, target, command.objectIdentity());
    }

    /**
     * The source renamed the table ({@code ALTER TABLE … RENAME TO}): so does the target, unless
     * it has the new name already (a replay). The history moves with the table, and the old name
     * keeps a note of the new one, so that its topic's remaining rows follow the table.
     */
    private void renameTable(Connection connection, TableId from, TableId to, DdlCommand command) throws SQLException {
        if (from.equals(to)) {
            return;
        }
        if (dialect.readTable(connection, from).isPresent() && dialect.readTable(connection, to).isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : ddl.renameTable(dialect, from, to)) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                throw new TableWriteException(from, e, "renaming the table to " + to + " as the source did ("
                        + command.statement() + ")");
            }
            LOG.info("Renamed target table {} to {}: the source renamed {}", from, to, command.objectIdentity());
        }
        if (ledger.contains(connection, from)) {
            TableHistory history = ledger.history(connection, from);
            if (history.renamedTo() == null) {
                if (!ledger.contains(connection, to)) {
                    ledger.claim(connection, to);
                }
                ledger.saveHistory(connection, to, history);
            }
        } else {
            ledger.claim(connection, from);
        }
        ledger.saveHistory(connection, from, TableHistory.renamedTo(to));
        applied.remove(from);
        tables.forget(from);
        tables.forget(to);
    }

    /** The source dropped the table: so does the target, and the ledger forgets it. */
    private void dropTable(Connection connection, TableId target, DdlCommand command) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl.dropTable(dialect, target));
        } catch (SQLException e) {
            throw new TableWriteException(target, e, "dropping the table as the source did (" + command.statement()
                    + ")");
        }
        ledger.remove(connection, target);
        applied.remove(target);
        tables.forget(target);
        LOG.info("Dropped target table {}: the source dropped {}", target, command.objectIdentity());
    }

    /**
     * Warns once about each column of a schema-synced table that the change events of
     * {@code rowSchema} do not carry: Debezium leaves out columns of types it does not capture
     * ({@code tsquery}, say), whose target column would otherwise stay NULL unnoticed.
     */
    public void checkCapturedColumns(TableId target, Schema rowSchema) {
        TableStructure structure = applied.get(target);
        if (structure == null || rowSchema == null || rowSchema.type() != Schema.Type.STRUCT
                || lastCheckedRowSchema.put(target, rowSchema) == rowSchema) {
            return;
        }
        for (Column column : structure.columns()) {
            if (rowSchema.fields().stream().noneMatch(f -> dialect.sameColumn(f.name(), column.name()))) {
                String warning = "column " + column.name() + " (" + column.type() + ") of " + target + " is not in "
                        + "the change events (Debezium does not capture its type, or a transform or "
                        + "column.exclude.list removed it); the target column keeps its default";
                if (warned.add(warning)) {
                    LOG.warn("Schema sync: {}", warning);
                }
            }
        }
    }

    /**
     * Once the full sync is over, adds each foreign key whose referenced table exists on the target
     * (a later schema record adds those whose table came later), unchecked; then, on later records, checks the rows
     * against it where the target can, which succeeds once the full sync is complete. So foreign
     * keys never stop the out-of-order apply of the full sync, and end up as on the source.
     */
    private void applyForeignKeys(Connection connection, TableId target, TableStructure structure,
            Function<TableId, TableId> targetOf) throws SQLException {
        for (ForeignKey key : structure.foreignKeys()) {
            TableId referenced = targetOf.apply(new TableId(key.referencedSchema(), key.referencedTable()));
            if (dialect.readTable(connection, referenced).isEmpty()) {
                LOG.debug("Foreign key {} of {} waits for table {}", key.name(), target, referenced);
                continue;
            }
            Optional<Boolean> state = ddl.foreignKeyState(connection, target, key.name());
            Optional<String> sql = state.isEmpty() ? Optional.of(ddl.addForeignKey(target, key, referenced))
                    : state.get() ? Optional.empty() : ddl.validateForeignKey(target, key.name());
            if (sql.isPresent()) {
                lenient.execute(connection, "foreign key " + key.name() + " of " + target, sql.get(), state.isEmpty());
            }
        }
    }

    /**
     * What a schema record does to its target table.
     *
     * @param created whether the table is created (rather than aligned)
     * @param warnings what the target cannot take, each naming the table and object
     */
    public record Plan(TableId target, boolean created, List<String> statements, List<String> warnings) {
    }
}
