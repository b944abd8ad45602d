package dev.ferry.sink.dialect.analyticdb;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Index;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.dialect.postgres.PostgresStructureDdl;

import dev.ferry.sink.dialect.BulkLoad;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.postgres.PostgresDialect;
import dev.ferry.sink.event.TableId;
import java.util.List;
import java.util.Optional;

/**
 * AnalyticDB for PostgreSQL (Greenplum-based). {@code INSERT … ON CONFLICT} works only on heap
 * tables and can never update distribution-key columns, so an upsert is a DELETE of the keys
 * followed by an INSERT, in the same transaction; that also works on append-optimized tables.
 * Tables are created as heap tables {@code DISTRIBUTED BY} the primary key.
 */
public final class AnalyticDbDialect extends PostgresDialect {

    @Override
    public String name() {
        return "analyticdb";
    }

    /** session_replication_role does not exist in Greenplum; foreign keys are not enforced there anyway. */
    @Override
    public List<String> sessionSetup(boolean disableForeignKeyChecks, long timeoutMs) {
        return PostgresDialect.timeouts(timeoutMs);
    }

    /**
     * Greenplum's COPY would do, but this dialect is tested only against PostgreSQL standing in
     * for AnalyticDB: rows are written by statement until COPY is tested on AnalyticDB itself.
     */
    @Override
    public Optional<BulkLoad> bulkLoad() {
        return Optional.empty();
    }

    @Override
    public boolean upsertByDeleteAndInsert() {
        return true;
    }

    @Override
    public BoundSql upsert(TableId table, List<String> columns, List<String> keyColumns) {
        return insert(table, columns);
    }

    /**
     * A row with unknown (unchanged TOAST) columns cannot be deleted and re-inserted without
     * losing them, so it is an UPDATE of the known non-key columns instead.
     */
    @Override
    public BoundSql partialUpsert(TableId table, List<String> columns, List<String> keyColumns) {
        List<String> others = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
        StringBuilder sql = new StringBuilder("UPDATE ").append(table(table)).append(" SET ");
        for (int i = 0; i < others.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(others.get(i))).append(" = ?");
        }
        sql.append(" WHERE ");
        for (int i = 0; i < keyColumns.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(quote(keyColumns.get(i))).append(" = ?");
        }
        List<String> parameters = new java.util.ArrayList<>(others);
        parameters.addAll(keyColumns);
        return new BoundSql(sql.toString(), parameters);
    }

    @Override
    public BoundSql insertIfAbsent(TableId table, List<String> columns, List<String> keyColumns) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table(table)).append(" (")
                .append(columnList(columns)).append(") SELECT ").append(Dialect.placeholders(columns.size()))
                .append(" WHERE NOT EXISTS (SELECT 1 FROM ").append(table(table)).append(" WHERE ");
        for (int i = 0; i < keyColumns.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(quote(keyColumns.get(i))).append(" = ?");
        }
        List<String> parameters = new java.util.ArrayList<>(columns);
        parameters.addAll(keyColumns);
        return new BoundSql(sql.append(')').toString(), parameters);
    }

    @Override
    protected String tableSuffix(List<String> keyColumns) {
        return " WITH (appendonly = false) DISTRIBUTED BY (" + columnList(keyColumns) + ")";
    }

    @Override
    public StructureDdl structureDdl() {
        return new PostgresStructureDdl(this) {
            @Override
            protected String tableSuffix(TableStructure structure, List<String> warnings) {
                return AnalyticDbDialect.this.tableSuffix(structure.primaryKey());
            }

            /** AnalyticDB's partitioning differs from PostgreSQL's: partitions stay tables of their own. */
            @Override
            public boolean supportsPartitions() {
                return false;
            }

            /** A unique index must contain the distribution key (the primary key) on AnalyticDB. */
            @Override
            protected boolean accepts(TableId target, TableStructure structure, Index index, List<String> warnings) {
                if (!index.unique() || index.columns().containsAll(structure.primaryKey())) {
                    return true;
                }
                warnings.add("unique index " + index.name() + " of " + target + " is left out: AnalyticDB enforces "
                        + "only unique keys that contain the distribution key " + structure.primaryKey());
                return false;
            }
        };
    }

    /** Registered through {@code META-INF/services}; chosen with dialect.name=analyticdb. */
    public static final class Provider implements dev.ferry.sink.dialect.DialectProvider {
        @Override
        public String name() {
            return "analyticdb";
        }

        @Override
        public int score(String jdbcUrl) {
            return 0;
        }

        @Override
        public Dialect create() {
            return new AnalyticDbDialect();
        }
    }
}
