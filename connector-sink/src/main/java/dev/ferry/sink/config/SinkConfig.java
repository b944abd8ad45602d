package dev.ferry.sink.config;

import dev.ferry.contract.DebeziumDefaults;
import dev.ferry.contract.Redaction;
import dev.ferry.contract.SourceObjectNames;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/** Configuration of {@code dev.ferry.sink.DatabaseSinkConnector}; key names follow JDBC-sink habits. */
public final class SinkConfig extends AbstractConfig {

    private static final String CONNECTION = "Connection";
    private static final String WRITES = "Writes";
    private static final String TABLES = "Tables";
    private static final String RELIABILITY = "Reliability";
    private static final String LIMITS = "Limits";

    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USER = "connection.user";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String DIALECT_NAME = "dialect.name";

    public static final String INSERT_MODE = "insert.mode";
    public static final String DELETE_ENABLED = "delete.enabled";
    public static final String TRUNCATE_ENABLED = "truncate.enabled";
    public static final String PRIMARY_KEY_MODE = "primary.key.mode";
    public static final String PRIMARY_KEY_FIELDS = "primary.key.fields";
    public static final String SNAPSHOT_CONFLICT_MODE = "snapshot.conflict.mode";
    public static final String BATCH_SIZE = "batch.size";
    public static final String BULK_LOAD_MIN_ROWS = "bulk.load.min.rows";
    public static final int BULK_LOAD_MIN_ROWS_DEFAULT = 50;
    public static final String ALERT_LATENCY_MS = "alert.latency.ms";
    public static final String STATEMENT_TIMEOUT_MS = "statement.timeout.ms";
    public static final String FOREIGN_KEY_CHECKS_DISABLED = "foreign.key.checks.disabled";
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "unavailable.value.placeholder";

    public static final String TABLE_NAME_FORMAT = "table.name.format";
    public static final String AUTO_CREATE = "auto.create";
    public static final String SCHEMA_SYNC_ENABLED = "schema.sync.enabled";
    public static final String SCHEMA_CONFLICT_MODE = "schema.conflict.mode";
    public static final String SCHEMA_EVOLUTION = "schema.evolution";
    public static final String HEARTBEAT_TABLE_NAME = "heartbeat.table.name";
    public static final String HEARTBEAT_WRITE = "heartbeat.write";

    public static final String CONNECTION_RETRY_WINDOW_MS = "connection.retry.window.ms";
    public static final String ERROR_RETRY_WINDOW_MS = "error.retry.window.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String EXACTLY_ONCE = "exactly.once";

    public static final String MAX_ROWS_PER_SECOND = "max.rows.per.second";
    public static final String MAX_BYTES_PER_SECOND = "max.bytes.per.second";

    public static final ConfigDef CONFIG_DEF = configDef();

    public SinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
    }

    /** connection.url with any password in it masked, for logs and messages. */
    public String displayUrl() {
        return Redaction.jdbcUrl(connectionUrl());
    }

    public long statementTimeoutMs() {
        return getLong(STATEMENT_TIMEOUT_MS);
    }

    public String connectionUrl() {
        return getString(CONNECTION_URL);
    }

    public String connectionUser() {
        return getString(CONNECTION_USER);
    }

    public String connectionPassword() {
        Password password = getPassword(CONNECTION_PASSWORD);
        return password == null ? null : password.value();
    }

    public String dialectName() {
        return getString(DIALECT_NAME);
    }

    public InsertMode insertMode() {
        return InsertMode.valueOf(getString(INSERT_MODE).toUpperCase(Locale.ROOT));
    }

    public boolean deleteEnabled() {
        return getBoolean(DELETE_ENABLED);
    }

    public boolean truncateEnabled() {
        return getBoolean(TRUNCATE_ENABLED);
    }

    public PrimaryKeyMode primaryKeyMode() {
        return PrimaryKeyMode.valueOf(getString(PRIMARY_KEY_MODE).toUpperCase(Locale.ROOT));
    }

    public List<String> primaryKeyFields() {
        return getList(PRIMARY_KEY_FIELDS);
    }

    public boolean keepExistingOnSnapshot() {
        return "keep_existing".equalsIgnoreCase(getString(SNAPSHOT_CONFLICT_MODE));
    }

    public long alertLatencyMs() {
        return getLong(ALERT_LATENCY_MS);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public boolean foreignKeyChecksDisabled() {
        return getBoolean(FOREIGN_KEY_CHECKS_DISABLED);
    }

    public String unavailableValuePlaceholder() {
        return getString(UNAVAILABLE_VALUE_PLACEHOLDER);
    }

    public String tableNameFormat() {
        return getString(TABLE_NAME_FORMAT);
    }

    public boolean schemaSyncEnabled() {
        return getBoolean(SCHEMA_SYNC_ENABLED);
    }

    public SchemaConflictMode schemaConflictMode() {
        return SchemaConflictMode.valueOf(getString(SCHEMA_CONFLICT_MODE).toUpperCase(Locale.ROOT));
    }

    /** What to do with a target table that exists before schema sync takes it over. */
    public enum SchemaConflictMode { PRECHECK, IGNORE }

    public boolean autoCreate() {
        return getBoolean(AUTO_CREATE);
    }

    public boolean schemaEvolution() {
        return "basic".equalsIgnoreCase(getString(SCHEMA_EVOLUTION));
    }

    public String heartbeatTableName() {
        return getString(HEARTBEAT_TABLE_NAME);
    }

    public boolean heartbeatWrite() {
        return getBoolean(HEARTBEAT_WRITE);
    }

    public long connectionRetryWindowMs() {
        return getLong(CONNECTION_RETRY_WINDOW_MS);
    }

    public long errorRetryWindowMs() {
        return getLong(ERROR_RETRY_WINDOW_MS);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public int bulkLoadMinRows() {
        return getInt(BULK_LOAD_MIN_ROWS);
    }

    public boolean exactlyOnce() {
        return getBoolean(EXACTLY_ONCE);
    }

    public long maxRowsPerSecond() {
        return getLong(MAX_ROWS_PER_SECOND);
    }

    public long maxBytesPerSecond() {
        return getLong(MAX_BYTES_PER_SECOND);
    }

    /** How INSERT and UPDATE events are written. */
    public enum InsertMode { UPSERT, INSERT }

    /** Where the key columns come from. */
    public enum PrimaryKeyMode { RECORD_KEY, RECORD_VALUE }

    private static ConfigDef configDef() {
        int c = 0;
        int w = 0;
        int t = 0;
        int r = 0;
        int l = 0;
        return new ConfigDef()
                .define(CONNECTION_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "JDBC URL of the target: jdbc:postgresql://… (PostgreSQL, PolarDB, RDS), "
                                + "jdbc:mysql://… or jdbc:mariadb://… (MySQL, MariaDB, RDS for MySQL), "
                                + "jdbc:postgresql://… with dialect.name=analyticdb (AnalyticDB for PostgreSQL).",
                        CONNECTION, ++c, Width.LONG, "JDBC URL")
                .define(CONNECTION_USER, Type.STRING, null, Importance.HIGH, "Target user.", CONNECTION, ++c,
                        Width.MEDIUM, "User")
                .define(CONNECTION_PASSWORD, Type.PASSWORD, null, Importance.HIGH, "Target password.", CONNECTION, ++c,
                        Width.MEDIUM, "Password")
                .define(DIALECT_NAME, Type.STRING, "", ConfigDef.CaseInsensitiveValidString.in("", "postgresql",
                                "mysql", "analyticdb"), Importance.MEDIUM,
                        "SQL dialect of the target. Empty: chosen from the JDBC URL (postgresql or mysql). Set "
                                + "'analyticdb' for AnalyticDB for PostgreSQL, whose URL looks like PostgreSQL's.",
                        CONNECTION, ++c, Width.SHORT, "Dialect")
                .define(INSERT_MODE, Type.STRING, "upsert", ConfigDef.CaseInsensitiveValidString.in("upsert", "insert"),
                        Importance.HIGH, "'upsert' (REPLACE INTO semantics): INSERT and UPDATE events leave the row "
                                + "exactly equal to the event's after-image, so replaying the stream is harmless. "
                                + "'insert': plain INSERT, which fails on an existing key; only safe with "
                                + "exactly.once=true on an empty target.",
                        WRITES, ++w, Width.SHORT, "Insert mode")
                .define(DELETE_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, "Apply DELETE events (and "
                                + "tombstones of flattened records) as deletes by key.",
                        WRITES, ++w, Width.SHORT, "Apply deletes")
                .define(TRUNCATE_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, "Apply TRUNCATE events by "
                                + "truncating the target table (tables truncated together at the source are truncated "
                                + "in one statement). This includes emptying each table once ahead of the rows of a new "
                                + "initial snapshot from Ferry's source (its epoch, recorded in the target table "
                                + "ferry_snapshot_starts), which makes a snapshot started over leave no rows behind that "
                                + "the source deleted meanwhile; false keeps such rows.",
                        WRITES, ++w, Width.SHORT, "Apply truncates")
                .define(PRIMARY_KEY_MODE, Type.STRING, "record_key",
                        ConfigDef.CaseInsensitiveValidString.in("record_key", "record_value"), Importance.MEDIUM,
                        "'record_key': key columns are the fields of the record key (Debezium's default). "
                                + "'record_value': key columns are primary.key.fields, read from the value.",
                        WRITES, ++w, Width.SHORT, "Primary key mode")
                .define(PRIMARY_KEY_FIELDS, Type.LIST, List.of(), Importance.MEDIUM, "With "
                                + "primary.key.mode=record_value: the value fields that form the key. With "
                                + "record_key: an optional subset of the key's fields.",
                        WRITES, ++w, Width.LONG, "Primary key fields")
                .define(SNAPSHOT_CONFLICT_MODE, Type.STRING, "overwrite",
                        ConfigDef.CaseInsensitiveValidString.in("overwrite", "keep_existing"), Importance.MEDIUM,
                        "What a snapshot row (op=r) does when the target already has its key: 'overwrite' "
                                + "replaces it; 'keep_existing' leaves the target row as it is (a managed service's "
                                + "'ignore errors and proceed' for conflicting tables) and ignores the truncate Ferry's "
                                + "source sends ahead of each table's snapshot. Streamed changes always overwrite.",
                        WRITES, ++w, Width.SHORT, "Snapshot conflicts")
                .define(STATEMENT_TIMEOUT_MS, Type.LONG, 240_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Lock and statement timeout of the apply sessions (PostgreSQL lock_timeout and "
                                + "statement_timeout, MySQL innodb_lock_wait_timeout, MariaDB max_statement_time). "
                                + "Keep it below the consumer's max.poll.interval.ms (5 minutes by default): an apply "
                                + "blocked longer then fails and is retried within error.retry.window.ms instead of "
                                + "outliving the task's partition assignment. 0 leaves the server's settings.",
                        WRITES, ++w, Width.SHORT, "Statement timeout")
                .define(BATCH_SIZE, Type.INT, 5000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "Maximum records buffered before a flush; every put() from Connect also ends with a flush. "
                                + "Raise consumer.override.max.poll.records to feed bigger batches.",
                        WRITES, ++w, Width.SHORT, "Batch size")
                .define(BULK_LOAD_MIN_ROWS, Type.INT, BULK_LOAD_MIN_ROWS_DEFAULT, ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Rows new to the target (snapshot rows and inserts, written whole) are loaded with the database's "
                                + "bulk path when a flush has at least this many for one table and column set: COPY FROM "
                                + "STDIN on PostgreSQL, PolarDB and RDS; LOAD DATA LOCAL INFILE from a stream on MySQL and "
                                + "MariaDB (the server's local_infile must be ON); AnalyticDB always uses statements. A key "
                                + "the target already has (a redelivery after a crash), or a value the load would store "
                                + "differently, fails the load, which is rolled back to a savepoint; its rows are then "
                                + "written as upserts, and that table's next 100 flushes by statement. A server that "
                                + "allows no LOCAL INFILE (MySQL 8's default local_infile=OFF) is asked once per task, "
                                + "with a warning; every row is then written by statement. 0 writes every row by "
                                + "statement.",
                        WRITES, ++w, Width.SHORT, "Bulk load from rows")
                .define(ALERT_LATENCY_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Alert when the target is more than this many milliseconds behind the source: the time since "
                                + "the source committed the newest change or heartbeat this task has received, checked "
                                + "at every put(). The task logs a WARN and sets the JMX attributes Alert and Alerting "
                                + "of dev.ferry:type=sink-task until it catches up. Set it above the source's "
                                + "heartbeat.interval.ms (10000 by default), or an idle source alerts. 0 turns it off.",
                        WRITES, ++w, Width.SHORT, "Alert: latency (ms)")
                .define(FOREIGN_KEY_CHECKS_DISABLED, Type.BOOLEAN, true, Importance.MEDIUM, "Run apply sessions "
                                + "with session_replication_role=replica (PostgreSQL family: no FK checks, no "
                                + "ordinary triggers) or FOREIGN_KEY_CHECKS=0 (MySQL), because changes arrive per "
                                + "table, not in source transaction order. A warning is logged when the account "
                                + "lacks the right.",
                        WRITES, ++w, Width.SHORT, "Disable FK checks")
                .define(UNAVAILABLE_VALUE_PLACEHOLDER, Type.STRING, DebeziumDefaults.UNAVAILABLE_VALUE_PLACEHOLDER, Importance.LOW,
                        "Value that a stock Debezium source writes for an unchanged TOAST column; such columns are "
                                + "left untouched in the target, like those named in the ferry.unchanged.columns "
                                + "header of Ferry's source.",
                        WRITES, ++w, Width.MEDIUM, "TOAST placeholder")
                .define(TABLE_NAME_FORMAT, Type.STRING, "", Importance.MEDIUM,
                        "Target table for a record. Placeholders: ${source.schema}, ${source.table} (from the "
                                + "event's source block, or the last two topic segments for flattened records), "
                                + "${topic}. Without a schema part (no '.'), the connection's default schema or "
                                + "database is used; on MySQL the schema part is the database. Empty (default): "
                                + "${source.schema}.${source.table} on the PostgreSQL family, ${source.table} "
                                + "(in the URL's database) on MySQL. The format's first '.' outside a placeholder "
                                + "separates schema from table, so names that contain dots stay whole. Two source "
                                + "tables that map to one target table (public.orders and archive.orders under "
                                + "${source.table}) stop the task naming both, instead of merging their rows.",
                        TABLES, ++t, Width.MEDIUM, "Table name format")
                .define(AUTO_CREATE, Type.BOOLEAN, true, Importance.MEDIUM, "Create missing target tables (and "
                                + "PostgreSQL schemas) from the record schema: types mapped per dialect, primary "
                                + "key from the record key, utf8mb4 on MySQL, DISTRIBUTED BY the key on AnalyticDB.",
                        TABLES, ++t, Width.SHORT, "Auto-create tables")
                .define(SCHEMA_SYNC_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, "Apply Ferry's schema records "
                                + "(written by Ferry's source ahead of each table's rows): create each missing target "
                                + "table with the source's structure (declared types, NOT NULL, defaults, primary and "
                                + "unique keys, checks, indexes, enums, serial and identity columns with their "
                                + "sequences; translated on MySQL), add missing columns to existing ones, and move "
                                + "target sequences and AUTO_INCREMENT counters forward to the source's values. "
                                + "What a target cannot take is logged as a warning naming table and object. false "
                                + "ignores schema records; auto.create then creates tables from the rows.",
                        TABLES, ++t, Width.SHORT, "Schema sync")
                .define(SCHEMA_CONFLICT_MODE, Type.STRING, "precheck", ConfigDef.CaseInsensitiveValidString.in(
                                "precheck", "ignore"), Importance.MEDIUM, "A mapped target table that exists before "
                                + "schema sync takes it over: 'precheck' refuses one that holds rows (validate() "
                                + "reports it on this key for the tables of 'topics', and the task fails naming it "
                                + "before its first schema apply); 'ignore' keeps it and writes into it, adding missing "
                                + "columns and logging what differs (with snapshot.conflict.mode=keep_existing its rows "
                                + "stay too; otherwise the truncate ahead of the snapshot empties it). Tables the connector created or "
                                + "took over are listed in ferry_schema_sync in the target and never count as a "
                                + "conflict again.",
                        TABLES, ++t, Width.SHORT, "Schema conflict mode")
                .define(SCHEMA_EVOLUTION, Type.STRING, "basic", ConfigDef.CaseInsensitiveValidString.in("none",
                                "basic"), Importance.MEDIUM, "'basic' adds columns that appear in records but not in "
                                + "the target table; 'none' never alters tables.",
                        TABLES, ++t, Width.SHORT, "Schema evolution")
                .define(HEARTBEAT_TABLE_NAME, Type.STRING, SourceObjectNames.HEARTBEAT_TABLE_NAME, Importance.LOW, "Records of source "
                                + "tables with this name are heartbeats: they update the end-to-end latency metric "
                                + "and are not written unless heartbeat.write=true.",
                        TABLES, ++t, Width.MEDIUM, "Heartbeat table name")
                .define(HEARTBEAT_WRITE, Type.BOOLEAN, false, Importance.LOW, "Also write heartbeat records to "
                                + "the target like any other table.",
                        TABLES, ++t, Width.SHORT, "Write heartbeats")
                .define(CONNECTION_RETRY_WINDOW_MS, Type.LONG, 12 * 60 * 60 * 1000L, ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, "How long connection failures to the target are retried with backoff "
                                + "while the task stays RUNNING (default 12 h). After it the task fails with the last "
                                + "error.",
                        RELIABILITY, ++r, Width.SHORT, "Connection retry window (ms)")
                .define(ERROR_RETRY_WINDOW_MS, Type.LONG, 10 * 60 * 1000L, ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, "How long other SQL errors (locks, deadlocks, permissions, …) are "
                                + "retried before the task fails naming the table (default 10 min). Data errors "
                                + "that no retry can fix go to the dead-letter queue under errors.tolerance=all.",
                        RELIABILITY, ++r, Width.SHORT, "Error retry window (ms)")
                .define(RETRY_BACKOFF_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "First wait between retries; doubles up to 60 s. Kafka Connect redelivers the batch "
                                + "after this wait or at the worker's next offset commit (offset.flush.interval.ms), "
                                + "whichever comes first, so retries can come sooner.",
                        RELIABILITY, ++r, Width.SHORT, "Retry backoff (ms)")
                .define(EXACTLY_ONCE, Type.BOOLEAN, false, Importance.MEDIUM, "Write the consumed offsets to "
                                + "the target table ferry_sink_offsets in the same transaction as the rows, and "
                                + "resume from them after a crash or rebalance: every record is applied exactly "
                                + "once.",
                        RELIABILITY, ++r, Width.SHORT, "Exactly-once apply")
                .define(MAX_ROWS_PER_SECOND, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Upper limit on records applied per second; 0 means unlimited.",
                        LIMITS, ++l, Width.SHORT, "Max rows/s")
                .define(MAX_BYTES_PER_SECOND, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Upper limit on bytes (estimated from record values) applied per second; 0 means "
                                + "unlimited.",
                        LIMITS, ++l, Width.SHORT, "Max bytes/s");
    }
}
