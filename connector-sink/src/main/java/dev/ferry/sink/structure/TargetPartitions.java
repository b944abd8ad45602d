package dev.ferry.sink.structure;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Partition;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

/**
 * Partitioned tables and their partitions on targets that have them: a partition whose parent is
 * already there is created as its partition, and what belongs together is attached once both
 * are there, whatever order their schema records came in.
 */
final class TargetPartitions {

    private final Dialect dialect;
    private final StructureDdl ddl;
    private final LenientDdl lenient;

    TargetPartitions(Dialect dialect, LenientDdl lenient) {
        this.dialect = dialect;
        this.ddl = dialect.structureDdl();
        this.lenient = lenient;
    }

    /**
     * A partition whose partitioned parent is already on the target is created as its partition
     * (its columns come from the parent); otherwise it is created as a table and attached later.
     */
    void createAsPartition(Connection connection, TableId target, TableStructure structure,
            Function<TableId, TableId> targetOf) throws SQLException {
        Partition parent = structure.partitionOf();
        if (parent == null || !ddl.supportsPartitions() || dialect.readTable(connection, target).isPresent()) {
            return;
        }
        TableId parentTarget = targetOf.apply(new TableId(parent.schema(), parent.table()));
        if (ddl.isPartitioned(connection, parentTarget)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl.createPartition(target, parentTarget, parent.bound()));
            }
        }
    }

    /**
     * Attaches what belongs together once both are on the target: a partitioned table's
     * partitions (created as partitions when missing), or a partition created before its parent.
     * Tables that cannot be attached yet are tried again with the next schema record.
     */
    void attach(Connection connection, TableId target, TableStructure structure, Function<TableId, TableId> targetOf)
            throws SQLException {
        if (!ddl.supportsPartitions()) {
            return;
        }
        if (structure.partitionKey() != null && ddl.isPartitioned(connection, target)) {
            for (Partition partition : structure.partitions()) {
                TableId child = targetOf.apply(new TableId(partition.schema(), partition.table()));
                if (dialect.readTable(connection, child).isEmpty()) {
                    lenient.execute(connection, "partition " + child + " of " + target,
                            ddl.createPartition(child, target, partition.bound()), true);
                } else if (!ddl.isPartitionOf(connection, child, target)) {
                    lenient.execute(connection, "partition " + child + " of " + target,
                            ddl.attachPartition(child, target, partition.bound()), true);
                }
            }
        }
        Partition parent = structure.partitionOf();
        if (parent != null) {
            TableId parentTarget = targetOf.apply(new TableId(parent.schema(), parent.table()));
            if (ddl.isPartitioned(connection, parentTarget) && !ddl.isPartitionOf(connection, target, parentTarget)) {
                lenient.execute(connection, "partition " + target + " of " + parentTarget,
                        ddl.attachPartition(target, parentTarget, parent.bound()), true);
            }
        }
    }
}
