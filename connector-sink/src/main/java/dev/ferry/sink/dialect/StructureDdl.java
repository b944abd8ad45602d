package dev.ferry.sink.dialect;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.sink.event.TableId;
import java.util.List;

/**
 * Turns a source table's structure (a Ferry schema record) into the target's DDL: a faithful copy
 * on the PostgreSQL family, a documented translation on MySQL. What a target cannot take is added
 * to {@code warnings}, naming the table and the object, never dropped silently. Every statement is
 * idempotent, so a replayed schema record changes nothing.
 */
public interface StructureDdl {

    /** The statements that create {@code target} (and its schema, types and sequences) from {@code structure}. */
    List<String> createTable(TableId target, TableStructure structure, List<String> warnings);

    /** The statement that adds a column of {@code structure} the target table lacks, as a nullable column. */
    String addColumn(TableId target, TableStructure structure, TableStructure.Column column, List<String> warnings);

    /**
     * Statements that move the target's counters for the table's identity and serial columns
     * forward to the source's values (never backward), so inserts on the target after cutover
     * draw keys the source has not used.
     */
    List<String> moveSequencesForward(TableId target, TableStructure structure);
}
