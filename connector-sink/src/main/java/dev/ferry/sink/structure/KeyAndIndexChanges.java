package dev.ferry.sink.structure;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.dialect.TableMetadata;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a DDL record changes in an existing table's primary key, indexes, unique constraints and
 * checks: what the history lacks is added, what only the history names is dropped (the target's
 * own indexes, which it never names, stay), a key that differs from both the history's and the
 * target's is replaced. Each statement is a no-op when the target has it already.
 */
final class KeyAndIndexChanges {

    private final Dialect dialect;
    private final StructureDdl ddl;

    KeyAndIndexChanges(Dialect dialect) {
        this.dialect = dialect;
        this.ddl = dialect.structureDdl();
    }

    List<String> follow(Connection connection, TableId target, TableStructure structure, TableMetadata existing,
            TableHistory history, List<String> warnings) throws SQLException {
        List<String> statements = new ArrayList<>();
        if (!dialect.sameColumns(history.primaryKey(), structure.primaryKey())
                && !dialect.sameColumns(existing.keyColumns(), structure.primaryKey())) {
            statements.addAll(ddl.replacePrimaryKey(target, structure.primaryKey(), !existing.keyColumns().isEmpty()));
        }
        Set<String> indexes = new HashSet<>();
        for (TableStructure.Index index : structure.indexes()) {
            indexes.add(index.name());
            if (!history.indexes().contains(index.name())) {
                statements.addAll(ddl.addIndex(connection, target, structure, index, warnings));
            }
        }
        for (String name : history.indexes()) {
            if (!indexes.contains(name)) {
                statements.addAll(ddl.dropIndex(connection, target, name));
            }
        }
        Set<String> checks = new HashSet<>();
        for (TableStructure.Check check : structure.checks()) {
            checks.add(check.name());
            if (!history.checks().contains(check.name())) {
                statements.addAll(ddl.addCheck(target, check));
            }
        }
        for (String name : history.checks()) {
            if (!checks.contains(name)) {
                statements.addAll(ddl.dropCheck(target, name));
            }
        }
        return statements;
    }

    /**
     * The foreign keys the history names and the record does not: dropped first, as a column they
     * use may be dropped next (MySQL refuses that, PostgreSQL drops the key with it). Foreign keys
     * are added where schema sync adds them, once their referenced table is there.
     */
    List<String> dropForeignKeys(Connection connection, TableId target, TableStructure structure, TableHistory history)
            throws SQLException {
        List<String> statements = new ArrayList<>();
        Set<String> foreignKeys = new HashSet<>();
        structure.foreignKeys().forEach(key -> foreignKeys.add(key.name()));
        for (String name : history.foreignKeys()) {
            if (!foreignKeys.contains(name) && ddl.foreignKeyState(connection, target, name).isPresent()) {
                statements.add(ddl.dropForeignKey(target, name));
            }
        }
        return statements;
    }
}
