package dev.ferry.sink.structure;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.sink.apply.TableWriteException;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.dialect.TableMetadata;
import dev.ferry.sink.event.TableId;
import dev.ferry.sink.table.TableManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a schema record to its target table: creates the table from the source's structure when
 * it is missing, otherwise adds the columns it lacks; either way moves the table's sequences
 * forward. Idempotent, so replayed and repeated records (each source start writes them again)
 * change nothing that is already in place.
 */
public final class StructureApplier {

    private static final Logger LOG = LoggerFactory.getLogger(StructureApplier.class);

    private final Dialect dialect;
    private final StructureDdl ddl;
    private final TableManager tables;
    /** Warnings already logged, so a repeated record does not repeat them. */
    private final Set<String> warned = new HashSet<>();

    public StructureApplier(Dialect dialect, TableManager tables) {
        this.dialect = dialect;
        this.ddl = dialect.structureDdl();
        this.tables = tables;
    }

    /** The statements that would bring {@code target} to {@code structure} (for a dry run or to apply). */
    public Plan plan(Connection connection, TableId target, TableStructure structure) throws SQLException {
        List<String> warnings = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        Optional<TableMetadata> existing = dialect.readTable(connection, target);
        if (existing.isEmpty()) {
            statements.addAll(ddl.createTable(target, structure, warnings));
            return new Plan(target, true, statements, warnings);
        }
        for (Column column : structure.columns()) {
            boolean present = existing.get().columns().stream().anyMatch(c -> dialect.sameColumn(c, column.name()));
            if (!present) {
                statements.add(ddl.addColumn(target, structure, column, warnings));
            }
        }
        statements.addAll(ddl.moveSequencesForward(target, structure));
        return new Plan(target, false, statements, warnings);
    }

    public void apply(Connection connection, TableId target, TableStructure structure) throws SQLException {
        Plan plan = plan(connection, target, structure);
        try (Statement statement = connection.createStatement()) {
            for (String sql : plan.statements()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new TableWriteException(target, e, "applying the schema record of source table " + structure.schema()
                    + "." + structure.table());
        }
        tables.forget(target);
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
     * What a schema record does to its target table.
     *
     * @param created whether the table is created (rather than aligned)
     * @param warnings what the target cannot take, each naming the table and object
     */
    public record Plan(TableId target, boolean created, List<String> statements, List<String> warnings) {
    }
}
