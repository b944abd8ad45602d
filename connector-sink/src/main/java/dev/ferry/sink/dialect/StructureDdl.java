package dev.ferry.sink.dialect;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Turns a source table's structure (a Ferry schema record) into the target's DDL: a faithful copy
 * on the PostgreSQL family, a documented translation on MySQL. What a target cannot take is added
 * to {@code warnings}, naming the table and the object, never dropped silently. Every statement is
 * idempotent, so a replayed schema record changes nothing.
 */
public interface StructureDdl {

    /** The statements that create {@code target} (and its schema, types and sequences) from {@code structure}. */
    List<String> createTable(TableId target, TableStructure structure, List<String> warnings);

    /**
     * The statements that build the secondary (non-unique) indexes {@code target} lacks: deferred
     * until the full sync is over, so the bulk load does not maintain them row by row.
     */
    List<String> deferredIndexes(Connection connection, TableId target, TableStructure structure) throws SQLException;

    /** The statement that adds a column of {@code structure} the target table lacks, as a nullable column. */
    String addColumn(TableId target, TableStructure structure, TableStructure.Column column, List<String> warnings);

    /**
     * The statements that add {@code column} as the source's ALTER TABLE did: with its default,
     * so the rows already there get it as on the source, and NOT NULL (a DDL record's column).
     */
    List<String> addColumnAsOnSource(TableId target, TableStructure structure, TableStructure.Column column,
            List<String> warnings);

    /** What a DDL command changed in an existing column. */
    enum ColumnChange { TYPE, NOT_NULL, DEFAULT }

    /** The statements that give an existing column the source's type, NOT NULL and default where they {@code changed}. */
    List<String> alterColumn(TableId target, TableStructure structure, TableStructure.Column column,
            java.util.Set<ColumnChange> changed, List<String> warnings);

    /**
     * The statements that build an index or unique constraint the source added to an existing
     * table (nothing when the target has it, or cannot take it: a warning then).
     */
    List<String> addIndex(Connection connection, TableId target, TableStructure structure, TableStructure.Index index,
            List<String> warnings) throws SQLException;

    /** The statements that drop an index or unique constraint the source dropped (nothing when it is gone). */
    List<String> dropIndex(Connection connection, TableId target, String name) throws SQLException;

    /** The statements that add a CHECK the source added; none where checks are not kept (MySQL). */
    default List<String> addCheck(TableId target, TableStructure.Check check) {
        return List.of();
    }

    /** The statements that drop a CHECK the source dropped. */
    default List<String> dropCheck(TableId target, String name) {
        return List.of();
    }

    /** The statements that make {@code columns} the primary key ({@code hasOne}: the target has one to drop first). */
    List<String> replacePrimaryKey(TableId target, List<String> columns, boolean hasOne);

    /** The statement that renames a column (the same on PostgreSQL and MySQL 8 / MariaDB 10.5). */
    default String renameColumn(Dialect dialect, TableId target, String from, String to) {
        return "ALTER TABLE " + dialect.table(target) + " RENAME COLUMN " + dialect.quote(from) + " TO "
                + dialect.quote(to);
    }

    /** The statement that drops a column. */
    default String dropColumn(Dialect dialect, TableId target, String column) {
        return "ALTER TABLE " + dialect.table(target) + " DROP COLUMN " + dialect.quote(column);
    }

    /** The statements that rename a table the source renamed (PostgreSQL's form: schema moved separately). */
    default List<String> renameTable(Dialect dialect, TableId from, TableId to) {
        List<String> statements = new java.util.ArrayList<>();
        statements.add("ALTER TABLE " + dialect.table(from) + " RENAME TO " + dialect.quote(to.table()));
        if (!java.util.Objects.equals(from.schema(), to.schema()) && to.schema() != null) {
            statements.add("ALTER TABLE " + dialect.table(new TableId(from.schema(), to.table())) + " SET SCHEMA "
                    + dialect.quote(to.schema()));
        }
        return statements;
    }

    /** The statement that drops a table the source dropped. */
    default String dropTable(Dialect dialect, TableId target) {
        return "DROP TABLE IF EXISTS " + dialect.table(target);
    }

    /** The target table's structure read back from its catalog, where the target is PostgreSQL; else empty. */
    default Optional<TableStructure> readBack(Connection connection, TableId table) throws SQLException {
        return Optional.empty();
    }

    /**
     * Whether {@code table} has the foreign key {@code name}: empty when it does not, else whether
     * the target has checked its rows against it (PostgreSQL's {@code convalidated}).
     */
    Optional<Boolean> foreignKeyState(Connection connection, TableId table, String name) throws SQLException;

    /**
     * The statement that adds {@code key} to {@code table}, referencing {@code referenced}, without
     * checking the rows already there: during the full sync a child's rows may precede its parent's.
     */
    String addForeignKey(TableId table, TableStructure.ForeignKey key, TableId referenced);

    /** The statement that drops the foreign key {@code name}, which the table has. */
    String dropForeignKey(TableId table, String name);

    /** Whether the target partitions a table as the source does (PostgreSQL); elsewhere partitions stay tables. */
    default boolean supportsPartitions() {
        return false;
    }

    /** Whether {@code table} is a partitioned table on the target. */
    default boolean isPartitioned(Connection connection, TableId table) throws SQLException {
        return false;
    }

    /** Whether {@code child} is attached as a partition of {@code parent}. */
    default boolean isPartitionOf(Connection connection, TableId child, TableId parent) throws SQLException {
        return false;
    }

    /** The statement that creates {@code child} as a partition of {@code parent} with {@code bound}. */
    default String createPartition(TableId child, TableId parent, String bound) {
        throw new UnsupportedOperationException("no partitions on this target");
    }

    /** The statement that attaches the existing table {@code child} to {@code parent} with {@code bound}. */
    default String attachPartition(TableId child, TableId parent, String bound) {
        throw new UnsupportedOperationException("no partitions on this target");
    }

    /** Whether DDL runs inside the transaction (PostgreSQL) rather than committing it (MySQL). */
    default boolean transactionalDdl() {
        return false;
    }

    /** The statement that checks the rows against an unchecked foreign key, where the target has one. */
    default Optional<String> validateForeignKey(TableId table, String name) {
        return Optional.empty();
    }

    /**
     * The type name the target's JDBC metadata reports (lower case) for {@code column} as this
     * DDL creates it, to spot an existing table whose column differs; null where it cannot tell.
     */
    String reportedType(TableId target, TableStructure structure, TableStructure.Column column);

    /**
     * Statements that move the target's counters for the table's identity and serial columns
     * forward to the source's values (never backward), so inserts on the target after cutover
     * draw keys the source has not used.
     */
    List<String> moveSequencesForward(TableId target, TableStructure structure);
}
