package dev.ferry.source.config;

import dev.ferry.contract.SourceObjectNames;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The source connector's configuration: every Debezium PostgreSQL key (passed through unchanged)
 * plus Ferry's own keys, with Ferry's defaults where they differ from Debezium's.
 */
public final class FerrySourceConfig extends AbstractConfig {

    public static final String GROUP = "Ferry";

    public static final String PRECHECK_MODE = "precheck.mode";
    private static final String PRECHECK_MODE_DOC = "What validate() does with failed prechecks: "
            + "'error' rejects the configuration (each failure is reported on the key it concerns), 'warn' only "
            + "reports and logs them, 'off' skips the precheck.";

    public static final String PRECHECK_WARNINGS = "precheck.warnings";
    private static final String PRECHECK_WARNINGS_DOC = "Output only: validate() reports here the precheck "
            + "findings that do not block the connector (inactive Ferry slots retaining WAL, long-running "
            + "transactions, and every finding when precheck.mode=warn). Any value you set is ignored.";

    public static final String REPLICA_IDENTITY_FULL = "replica.identity.full";
    private static final String REPLICA_IDENTITY_FULL_DOC = "When true, the task sets REPLICA IDENTITY FULL on every "
            + "selected table that lacks it before streaming starts, so UPDATE and DELETE events carry complete "
            + "before-images and unchanged TOAST values can be filled in. Needs table ownership; the precheck "
            + "names every table where that is missing.";

    public static final String HEARTBEAT_TABLE = "heartbeat.table";
    private static final String HEARTBEAT_TABLE_DOC = "Schema-qualified heartbeat table, created if missing and "
            + "added to the publication. Every heartbeat.interval.ms the task upserts the row keyed by the slot name "
            + "with the source's clock_timestamp(); the change flows through the WAL like data, which keeps the slot "
            + "advancing on idle tables and lets a sink measure end-to-end latency.";
    public static final String HEARTBEAT_TABLE_DEFAULT = SourceObjectNames.HEARTBEAT_TABLE;

    public static final String CONNECTION_RETRY_WINDOW_MS = "connection.retry.window.ms";
    private static final String CONNECTION_RETRY_WINDOW_MS_DOC = "How long, in milliseconds, a task that cannot "
            + "reach the source database keeps retrying before it fails naming the cause: when it starts (with "
            + "backoff up to a minute) and when the connection is lost while streaming (Debezium restarts its task "
            + "every retriable.restart.connector.wait.ms, 10 s by default). Meanwhile the task stays RUNNING, logs "
            + "each attempt with the time left, and its JMX attributes InRetryWindow and RetryWindowRemainingMillis "
            + "(and ferry status, exit code 4) say so. Default 12 hours, as the sink's window. Leave Debezium's "
            + "errors.max.retries unlimited (its default), or it ends the task before the window does.";

    public static final String DDL_SYNC = "ddl.sync";
    private static final String DDL_SYNC_DOC = "When true (and schema.records.enabled), the task installs event "
            + "triggers (ddl_command_end and sql_drop, named after the slot) that write each DDL command on a table "
            + "into ferry_ddl_command (in the heartbeat table's schema, added to the publication), so the command "
            + "reaches Kafka in the WAL's order with the rows around it, as a DDL record: a schema record with the "
            + "table's structure right after the command. Sinks apply it before the table's later rows: added "
            + "columns with their defaults (existing rows get them), dropped, renamed and retyped columns, "
            + "NOT NULL and DEFAULT changes, dropped tables. Event triggers need a superuser: without one the "
            + "precheck warns on this key and only schema.evolution's added columns reach the targets.";
    public static final String SNAPSHOT_ADDED_TABLES = "snapshot.added.tables";
    private static final String SNAPSHOT_ADDED_TABLES_DOC = "When true, tables that join the selection of a running "
            + "connector (a table.include.list or schema.include.list updated through the REST API) get their existing "
            + "rows through Debezium's incremental snapshot while streaming goes on: at its next start the task asks for "
            + "it through the signaling table <slot>_signal (in the heartbeat table's schema, Debezium's "
            + "signal.data.collection). The selection the task started with is kept in the connector's offsets.";
    public static final String DDL_UNSUPPORTED = "ddl.unsupported";
    private static final String DDL_UNSUPPORTED_DOC = "What a DDL command Ferry does not replicate does: 'warn' "
            + "logs it (naming the statement) and goes on, 'fail' fails the task naming it. Not replicated: DDL run "
            + "with session_replication_role=replica, and DDL run inside a function.";
    public static final String SCHEMA_RECORDS_ENABLED = "schema.records.enabled";
    private static final String SCHEMA_RECORDS_ENABLED_DOC = "When true, each time a task starts it reads the "
            + "selected tables' structure from the catalog (columns with declared types, NOT NULL, defaults, identity "
            + "and serial sequences with their values, keys, indexes, checks, foreign keys, enums) and writes one "
            + "schema record (value schema dev.ferry.TableStructure) per table to the table's own topic, ahead of "
            + "the table's rows. Ferry's sink creates the target tables from them, empty tables included. Turn it "
            + "off when the topics are read by consumers that understand only Debezium change events.";

    public static final String SCHEMA_RECORDS_PARTITIONS = "schema.records.partitions";
    private static final String SCHEMA_RECORDS_PARTITIONS_DOC = "How many partitions the table topics have: the "
            + "schema record is written to each of partitions 0 to n-1, so that every sink task sees a table's "
            + "structure before the rows of its partition. Set it to the table topics' partition count when they "
            + "have more than one (no topic may have fewer).";

    public static final String SCHEMA_RECORDS_INTERVAL_MS = "schema.records.interval.ms";
    private static final String SCHEMA_RECORDS_INTERVAL_MS_DOC = "How often, in milliseconds, the task reads the "
            + "selected tables' structure again and writes fresh schema records, which carry the sequences' current "
            + "values (the sink moves target sequences and AUTO_INCREMENT counters forward to them) and columns added "
            + "since. 0 writes them only when the task starts.";

    public static final String SNAPSHOT_MAX_ROWS_PER_SECOND = "snapshot.max.rows.per.second";
    public static final String SNAPSHOT_MAX_BYTES_PER_SECOND = "snapshot.max.bytes.per.second";
    public static final String STREAMING_MAX_ROWS_PER_SECOND = "streaming.max.rows.per.second";
    public static final String STREAMING_MAX_BYTES_PER_SECOND = "streaming.max.bytes.per.second";

    /** Debezium keys whose default Ferry changes. */
    public static final String SNAPSHOT_READER = "snapshot.reader";
    private static final String SNAPSHOT_READER_DOC = "Who reads the initial snapshot (snapshot.mode=initial). 'ferry' "
            + "(default): Ferry's chunked reader joins the new slot's exported snapshot with snapshot.max.threads "
            + "connections, reads each table in ctid ranges of about snapshot.chunk.rows rows, emits exactly the records "
            + "Debezium's snapshot would, and resumes after a crash with the chunks not yet delivered. 'debezium': "
            + "Debezium's own single-cursor snapshot, restarted from the beginning after a crash. Other snapshot modes, "
            + "post.processors, snapshot.query.mode=custom and extended headers always use Debezium's.";
    public static final String SNAPSHOT_MAX_THREADS = "snapshot.max.threads";
    public static final int SNAPSHOT_MAX_THREADS_DEFAULT = 2;
    public static final String SNAPSHOT_CHUNK_ROWS = "snapshot.chunk.rows";
    public static final String SLOT_NAME = "slot.name";
    public static final String PUBLICATION_NAME = "publication.name";
    public static final String PLUGIN_NAME = "plugin.name";
    public static final String PUBLICATION_AUTOCREATE_MODE = "publication.autocreate.mode";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String ALERT_RETAINED_WAL_BYTES = "alert.retained.wal.bytes";
    public static final String SKIPPED_OPERATIONS = "skipped.operations";
    public static final String DATATYPE_PROPAGATE_SOURCE_TYPE = "datatype.propagate.source.type";
    public static final String INTERVAL_HANDLING_MODE = "interval.handling.mode";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String EXTENDED_HEADERS_ENABLED = "extended.headers.enabled";
    /**
     * Debezium waits this long both when the replication stream has no message and when its queue
     * is empty: its 500 ms default put up to a second between a commit and its record in Kafka
     * (p50 0.7–0.9 s end to end in the benchmarks' latency workload, 0.22 s at 50).
     */
    public static final long POLL_INTERVAL_MS_DEFAULT = 50L;
    /**
     * The PostgreSQL types whose declared length or precision the record schema does not carry
     * otherwise (numeric's precision and scale it does): with them a sink can create
     * {@code varchar(20)} instead of {@code text}. Only these, because JSON records repeat every
     * schema parameter in every message.
     */
    public static final String DATATYPE_PROPAGATE_SOURCE_TYPE_DEFAULT =
            "(.*\\.)?(varchar|bpchar|timestamp|timestamptz|time|timetz|inet|cidr|macaddr|macaddr8|money|bit|varbit)";
    public static final long HEARTBEAT_INTERVAL_MS_DEFAULT = 10_000L;

    private static final Set<String> OVERRIDDEN_DEBEZIUM_KEYS =
            Set.of(SLOT_NAME, PUBLICATION_NAME, PLUGIN_NAME, PUBLICATION_AUTOCREATE_MODE, HEARTBEAT_INTERVAL_MS,
                    SKIPPED_OPERATIONS, DATATYPE_PROPAGATE_SOURCE_TYPE, INTERVAL_HANDLING_MODE, POLL_INTERVAL_MS,
                    EXTENDED_HEADERS_ENABLED, SNAPSHOT_MAX_THREADS);

    /** Ferry's own keys and its versions of the overridden Debezium keys. */
    public static final ConfigDef FERRY_CONFIG_DEF = ferryConfigDef();

    public FerrySourceConfig(Map<String, String> props) {
        super(FERRY_CONFIG_DEF, props, false);
    }

    /** Debezium's keys with Ferry's defaults, then Ferry's keys: what {@code config()} shows users. */
    public static ConfigDef connectorConfigDef() {
        ConfigDef merged = new ConfigDef();
        for (ConfigKey key : PostgresConnectorConfig.configDef().configKeys().values()) {
            if (OVERRIDDEN_DEBEZIUM_KEYS.contains(key.name)) {
                merged.define(FERRY_CONFIG_DEF.configKeys().get(key.name));
            } else {
                merged.define(key);
            }
        }
        for (ConfigKey key : FERRY_CONFIG_DEF.configKeys().values()) {
            if (!merged.configKeys().containsKey(key.name)) {
                merged.define(key);
            }
        }
        return merged;
    }

    public PrecheckMode precheckMode() {
        return PrecheckMode.valueOf(getString(PRECHECK_MODE).toUpperCase(java.util.Locale.ROOT));
    }

    public boolean replicaIdentityFull() {
        return getBoolean(REPLICA_IDENTITY_FULL);
    }

    public QualifiedTableName heartbeatTable() {
        return QualifiedTableName.parse(getString(HEARTBEAT_TABLE));
    }

    /** Whether DDL is captured: it travels as schema records, so it needs them. */
    public boolean ddlSync() {
        return getBoolean(DDL_SYNC) && schemaRecordsEnabled();
    }

    public boolean failOnUnsupportedDdl() {
        return "fail".equals(getString(DDL_UNSUPPORTED));
    }

    public boolean snapshotAddedTables() {
        return getBoolean(SNAPSHOT_ADDED_TABLES);
    }

    /** This connector's Debezium signaling table, beside the heartbeat table. */
    public QualifiedTableName signalTable() {
        String slot = SourceObjectNames.slotName(getString(SLOT_NAME), originalsStrings().get("topic.prefix"));
        return new QualifiedTableName(heartbeatTable().schema(), dev.ferry.contract.SignalTable.name(slot));
    }

    /** The DDL command table, beside the heartbeat table. */
    public QualifiedTableName ddlTable() {
        return new QualifiedTableName(heartbeatTable().schema(), dev.ferry.contract.DdlCommandTable.NAME);
    }

    public boolean schemaRecordsEnabled() {
        return getBoolean(SCHEMA_RECORDS_ENABLED);
    }

    public long schemaRecordsIntervalMs() {
        return getLong(SCHEMA_RECORDS_INTERVAL_MS);
    }

    public int schemaRecordsPartitions() {
        return getInt(SCHEMA_RECORDS_PARTITIONS);
    }

    public long alertRetainedWalBytes() {
        return getLong(ALERT_RETAINED_WAL_BYTES);
    }

    public long heartbeatIntervalMs() {
        return getLong(HEARTBEAT_INTERVAL_MS);
    }

    public long connectionRetryWindowMs() {
        return getLong(CONNECTION_RETRY_WINDOW_MS);
    }

    /** Whether the initial snapshot is Ferry's chunked one ({@code snapshot.reader=ferry}). */
    public boolean chunkedSnapshotReader() {
        return "ferry".equals(getString(SNAPSHOT_READER));
    }

    public int snapshotMaxThreads() {
        return getInt(SNAPSHOT_MAX_THREADS);
    }

    public long snapshotChunkRows() {
        return getLong(SNAPSHOT_CHUNK_ROWS);
    }

    public long snapshotMaxRowsPerSecond() {
        return getLong(SNAPSHOT_MAX_ROWS_PER_SECOND);
    }

    public long snapshotMaxBytesPerSecond() {
        return getLong(SNAPSHOT_MAX_BYTES_PER_SECOND);
    }

    public long streamingMaxRowsPerSecond() {
        return getLong(STREAMING_MAX_ROWS_PER_SECOND);
    }

    public long streamingMaxBytesPerSecond() {
        return getLong(STREAMING_MAX_BYTES_PER_SECOND);
    }

    /** How validate() treats precheck findings. */
    public enum PrecheckMode { ERROR, WARN, OFF }

    private static ConfigDef ferryConfigDef() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(PRECHECK_MODE, Type.STRING, "error",
                        ConfigDef.CaseInsensitiveValidString.in("error", "warn", "off"), Importance.MEDIUM,
                        PRECHECK_MODE_DOC, GROUP, ++order, Width.SHORT, "Precheck mode")
                .define(PRECHECK_WARNINGS, Type.LIST, List.of(), Importance.LOW, PRECHECK_WARNINGS_DOC, GROUP, ++order,
                        Width.LONG, "Precheck warnings (output)")
                .define(REPLICA_IDENTITY_FULL, Type.BOOLEAN, true, Importance.MEDIUM, REPLICA_IDENTITY_FULL_DOC, GROUP,
                        ++order, Width.SHORT, "Set REPLICA IDENTITY FULL")
                .define(HEARTBEAT_TABLE, Type.STRING, HEARTBEAT_TABLE_DEFAULT, new QualifiedTableName.Validator(),
                        Importance.LOW, HEARTBEAT_TABLE_DOC, GROUP, ++order, Width.MEDIUM, "Heartbeat table")
                .define(HEARTBEAT_INTERVAL_MS, Type.LONG, HEARTBEAT_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, "How often, in milliseconds, the task writes the heartbeat table (and "
                                + "Debezium emits its heartbeat record). 0 disables heartbeats, which lets the slot "
                                + "retain WAL while the selected tables are idle. Ferry's default: 10000.",
                        GROUP, ++order, Width.SHORT, "Heartbeat interval (ms)")
                .define(ALERT_RETAINED_WAL_BYTES, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Alert when the replication slot retains more WAL than this many bytes (read after each "
                                + "heartbeat): the task logs a WARN naming the slot and sets the JMX attributes "
                                + "Alert and Alerting of dev.ferry:type=source-task until it falls back under. "
                                + "0 turns the alert off.",
                        GROUP, ++order, Width.SHORT, "Alert: retained WAL (bytes)")
                .define(CONNECTION_RETRY_WINDOW_MS, Type.LONG, 43_200_000L, ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, CONNECTION_RETRY_WINDOW_MS_DOC, GROUP, ++order, Width.SHORT,
                        "Connection retry window (ms)")
                .define(SLOT_NAME, Type.STRING, "", Importance.MEDIUM, "Name of the logical replication slot. "
                                + "Default: ferry_<topic.prefix>, lower-cased, other characters than [a-z0-9_] "
                                + "replaced by '_'.",
                        GROUP, ++order, Width.MEDIUM, "Replication slot")
                .define(PUBLICATION_NAME, Type.STRING, "", Importance.MEDIUM, "Name of the pgoutput publication, kept "
                                + "holding exactly the selected tables (and the heartbeat table). Default: "
                                + "ferry_<topic.prefix>, sanitized like slot.name.",
                        GROUP, ++order, Width.MEDIUM, "Publication")
                .define(PLUGIN_NAME, Type.STRING, "pgoutput", ConfigDef.ValidString.in("pgoutput", "decoderbufs"),
                        Importance.LOW, "Logical decoding plugin. Ferry's default pgoutput is built into "
                                + "PostgreSQL 10+.",
                        GROUP, ++order, Width.SHORT, "Decoding plugin")
                .define(PUBLICATION_AUTOCREATE_MODE, Type.STRING, "filtered",
                        ConfigDef.ValidString.in("filtered", "all_tables", "disabled", "no_tables"), Importance.LOW,
                        "How the publication is managed. Ferry's default 'filtered' creates it for the selected "
                                + "tables and alters it whenever the selection changes.",
                        GROUP, ++order, Width.SHORT, "Publication management")
                .define(SKIPPED_OPERATIONS, Type.STRING, "none", Importance.LOW, "Comma-separated operations not to "
                                + "emit: c (insert), u (update), d (delete), t (truncate), or 'none'. Ferry's default "
                                + "'none' emits TRUNCATE too, which Debezium skips by default.",
                        GROUP, ++order, Width.SHORT, "Skipped operations")
                .define(DATATYPE_PROPAGATE_SOURCE_TYPE, Type.STRING, DATATYPE_PROPAGATE_SOURCE_TYPE_DEFAULT, Importance.LOW,
                        "Regular expressions of the PostgreSQL type names whose columns carry their declared type, "
                                + "length and precision as schema parameters (__debezium.source.column.type, "
                                + "__debezium.source.column.length, __debezium.source.column.scale). Ferry's sink "
                                + "creates varchar(n), char(n), timestamp(p), inet, money and the like from them "
                                + "instead of text. Ferry's default names the types whose length or precision the "
                                + "record schema lacks otherwise; every parameter is repeated in each JSON message.",
                        GROUP, ++order, Width.LONG, "Propagated source types")
                .define(INTERVAL_HANDLING_MODE, Type.STRING, "string", ConfigDef.ValidString.in("string", "numeric"),
                        Importance.LOW, "How interval values are written: 'string' (Ferry's default) as ISO 8601 "
                                + "durations (P1Y2M3DT4H5M6.78S), which a PostgreSQL interval column takes exactly, "
                                + "months and days kept apart; 'numeric' (Debezium's default) as microseconds, "
                                + "counting a month as 30 days.",
                        GROUP, ++order, Width.SHORT, "Interval handling")
                .define(POLL_INTERVAL_MS, Type.LONG, POLL_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How long, in milliseconds, the task waits for new changes when the replication stream is "
                                + "empty, and how long Debezium's queue holds a batch that is not full before handing it "
                                + "over. Ferry's default 50 keeps end-to-end latency low (Debezium's default 500 adds up "
                                + "to a second); 10 halves Ferry's latency again for 40-70 % more worker CPU per change "
                                + "(benchmarks/RESULTS.md, run 7). An idle task wakes 1000/interval times a second.",
                        GROUP, ++order, Width.SHORT, "Poll interval")
                .define(EXTENDED_HEADERS_ENABLED, Type.BOOLEAN, false, Importance.LOW,
                        "Whether every record carries Debezium's context headers (__debezium.context.connectorLogicalName, "
                                + "…TaskId, …connectorName). Ferry's default false leaves them out: they name the connector "
                                + "on each of millions of records, and every sink task converts them (Connect's header "
                                + "conversion showed in the benchmarks' sink profiles); no Ferry component reads them.",
                        GROUP, ++order, Width.SHORT, "Extended headers")
                .define(SNAPSHOT_READER, Type.STRING, "ferry", ConfigDef.ValidString.in("ferry", "debezium"),
                        Importance.MEDIUM, SNAPSHOT_READER_DOC, GROUP, ++order, Width.SHORT, "Snapshot reader")
                .define(SNAPSHOT_MAX_THREADS, Type.INT, SNAPSHOT_MAX_THREADS_DEFAULT, ConfigDef.Range.between(1, 64),
                        Importance.MEDIUM, "How many connections read the initial snapshot at once. Ferry's reader "
                                + "shares them across and within tables (chunks); Debezium's reader across tables "
                                + "only. Each holds one PostgreSQL connection and its snapshot transaction until the "
                                + "snapshot ends. Ferry's default is 2 (Debezium's is 1).",
                        GROUP, ++order, Width.SHORT, "Snapshot threads")
                .define(SNAPSHOT_CHUNK_ROWS, Type.LONG, 50_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "About how many rows one chunk of Ferry's snapshot reader holds: each table is cut into ctid "
                                + "ranges of this many rows by its catalog statistics (one chunk without them, for "
                                + "a snapshot.select.statement.overrides table, and on PostgreSQL before 14, which "
                                + "has no TID range scans). A crash loses at most the chunks "
                                + "in flight; smaller chunks resume closer to where they stopped. Each chunk's cursor "
                                + "fetches snapshot.fetch.size rows at a time when that Debezium setting is given, "
                                + "else 1,000, and hands rows to the task in batches of at most 512 (max.batch.size "
                                + "when smaller), so rows do not live long enough to be copied by several young GCs.",
                        GROUP, ++order, Width.SHORT, "Snapshot chunk rows")
                .define(SCHEMA_RECORDS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, SCHEMA_RECORDS_ENABLED_DOC,
                        GROUP, ++order, Width.SHORT, "Schema records")
                .define(DDL_SYNC, Type.BOOLEAN, true, Importance.MEDIUM, DDL_SYNC_DOC, GROUP, ++order, Width.SHORT,
                        "DDL sync")
                .define(SNAPSHOT_ADDED_TABLES, Type.BOOLEAN, true, Importance.MEDIUM, SNAPSHOT_ADDED_TABLES_DOC, GROUP,
                        ++order, Width.SHORT, "Snapshot added tables")
                .define(DDL_UNSUPPORTED, Type.STRING, "warn", ConfigDef.ValidString.in("warn", "fail"),
                        Importance.LOW, DDL_UNSUPPORTED_DOC, GROUP, ++order, Width.SHORT, "Unsupported DDL")
                .define(SCHEMA_RECORDS_PARTITIONS, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.LOW,
                        SCHEMA_RECORDS_PARTITIONS_DOC, GROUP, ++order, Width.SHORT, "Schema record partitions")
                .define(SCHEMA_RECORDS_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        SCHEMA_RECORDS_INTERVAL_MS_DOC, GROUP, ++order, Width.SHORT, "Schema record interval (ms)");
        for (String key : List.of(SNAPSHOT_MAX_ROWS_PER_SECOND, SNAPSHOT_MAX_BYTES_PER_SECOND,
                STREAMING_MAX_ROWS_PER_SECOND, STREAMING_MAX_BYTES_PER_SECOND)) {
            String phase = key.startsWith("snapshot") ? "the initial snapshot" : "streaming";
            String unit = key.contains("rows") ? "rows (change events)" : "bytes (estimated from the event values)";
            def.define(key, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Upper limit on " + unit + " per second the task hands to Kafka during " + phase
                            + ". 0 means unlimited. The task sleeps instead of spinning, and pulls smaller batches so "
                            + "the rate stays even.",
                    GROUP, ++order, Width.SHORT, key);
        }
        return def;
    }
}
