package dev.ferry.sink.dialect.postgres;

import dev.ferry.sink.dialect.BitString;
import dev.ferry.sink.dialect.BulkLoad;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.dialect.InfiniteTemporal;
import dev.ferry.sink.dialect.JsonText;
import dev.ferry.sink.dialect.SourceColumnType;
import dev.ferry.sink.dialect.StructureDdl;
import dev.ferry.sink.dialect.TableMetadata;
import dev.ferry.sink.event.TableId;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;

/**
 * PostgreSQL, PolarDB for PostgreSQL and RDS for PostgreSQL. Upserts are
 * {@code INSERT … ON CONFLICT (key) DO UPDATE SET <every other column> = EXCLUDED.<column>}: the
 * row ends up equal to the after-image. A conflict on a secondary unique key is an error (the
 * batch is retried within error.retry.window.ms), never a silent overwrite of another row.
 */
public class PostgresDialect implements Dialect {

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Connection connect(String url, String user, String password) throws SQLException {
        Properties props = Dialect.credentials(user, password);
        // Strings reach the server untyped, so it casts them to the column's type (jsonb, uuid,
        // enums, arrays) exactly as it would cast a literal.
        props.setProperty("stringtype", "unspecified");
        props.setProperty("reWriteBatchedInserts", "true");
        props.setProperty("ApplicationName", "ferry-sink");
        return new org.postgresql.Driver().connect(url, props);
    }

    @Override
    public List<String> sessionSetup(boolean disableForeignKeyChecks, long timeoutMs) {
        List<String> statements = new ArrayList<>(timeouts(timeoutMs));
        if (disableForeignKeyChecks) {
            statements.add("SET session_replication_role = replica");
        }
        return statements;
    }

    /** Lock and statement timeouts, in milliseconds, for the PostgreSQL family; none for 0. */
    public static List<String> timeouts(long timeoutMs) {
        return timeoutMs > 0 ? List.of("SET lock_timeout = " + timeoutMs, "SET statement_timeout = " + timeoutMs)
                : List.of();
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public BoundSql upsert(TableId table, List<String> columns, List<String> keyColumns) {
        List<String> others = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
        StringBuilder sql = new StringBuilder(insert(table, columns).sql())
                .append(" ON CONFLICT (").append(columnList(keyColumns)).append(") DO ");
        if (others.isEmpty()) {
            return new BoundSql(sql.append("NOTHING").toString(), columns);
        }
        sql.append("UPDATE SET ");
        for (int i = 0; i < others.size(); i++) {
            String column = quote(others.get(i));
            sql.append(i == 0 ? "" : ", ").append(column).append(" = EXCLUDED.").append(column);
        }
        return new BoundSql(sql.toString(), columns);
    }

    /** ON CONFLICT already sets only the listed columns, so the others stay as they are. */
    @Override
    public BoundSql partialUpsert(TableId table, List<String> columns, List<String> keyColumns) {
        return upsert(table, columns, keyColumns);
    }

    @Override
    public BoundSql insertIfAbsent(TableId table, List<String> columns, List<String> keyColumns) {
        return new BoundSql(insert(table, columns).sql() + " ON CONFLICT (" + columnList(keyColumns) + ") DO NOTHING",
                columns);
    }

    @Override
    public List<String> truncate(List<TableId> tables) {
        return List.of("TRUNCATE TABLE " + String.join(", ", tables.stream().map(this::table).toList()));
    }

    /** 0A000: "cannot truncate a table referenced in a foreign key constraint". */
    @Override
    public boolean truncateRefusedByForeignKey(SQLException error) {
        return "0A000".equals(error.getSQLState());
    }

    @Override
    public List<String> createTable(TableId table, List<ColumnSpec> columns, List<String> keyColumns) {
        List<String> statements = new ArrayList<>();
        if (table.schema() != null) {
            statements.add("CREATE SCHEMA IF NOT EXISTS " + quote(table.schema()));
        }
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table(table)).append(" (");
        for (ColumnSpec column : columns) {
            sql.append(quote(column.name())).append(' ').append(columnType(column.schema(), column.key()))
                    .append(column.key() ? " NOT NULL" : "").append(", ");
        }
        sql.append("PRIMARY KEY (").append(columnList(keyColumns)).append("))").append(tableSuffix(keyColumns));
        statements.add(sql.toString());
        return statements;
    }

    /** {@code COPY … FROM STDIN}: {@link PostgresCopy}. */
    @Override
    public Optional<BulkLoad> bulkLoad() {
        return Optional.of(new PostgresCopy(this));
    }

    @Override
    public StructureDdl structureDdl() {
        return new PostgresStructureDdl(this);
    }

    /** What follows CREATE TABLE's column list; AnalyticDB adds its distribution clause. */
    protected String tableSuffix(List<String> keyColumns) {
        return "";
    }

    @Override
    public String addColumn(TableId table, ColumnSpec column) {
        return "ALTER TABLE " + table(table) + " ADD COLUMN IF NOT EXISTS " + quote(column.name()) + " "
                + columnType(column.schema(), false);
    }

    /** pgjdbc's type names; smallint stands in for Connect's INT8 as well. */
    private static final Set<String> LENGTH_BOUNDED_TEXT_TYPES = Set.of("varchar", "bpchar");

    private static final Map<String, Integer> NUMERIC_RANKS = Map.of("int2", 2, "int4", 3, "int8", 4, "float4", 11,
            "float8", 12);

    @Override
    public Map<String, Integer> numericTypeRanks() {
        return NUMERIC_RANKS;
    }

    @Override
    public Set<String> lengthBoundedTextTypes() {
        return LENGTH_BOUNDED_TEXT_TYPES;
    }

    @Override
    public String changeColumnType(TableId table, String column, String type) {
        return "ALTER TABLE " + table(table) + " ALTER COLUMN " + quote(column) + " TYPE " + type;
    }

    @Override
    public String columnType(Schema schema, boolean key) {
        Optional<String> declared = SourceColumnType.of(schema).flatMap(PostgresDialect::declaredType);
        if (declared.isPresent()) {
            return declared.get();
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal": {
                    String precision = schema.parameters() == null ? null
                            : schema.parameters().get("connect.decimal.precision");
                    String scale = schema.parameters() == null ? null : schema.parameters().get("scale");
                    return precision != null && scale != null ? "numeric(" + precision + "," + scale + ")" : "numeric";
                }
                case "io.debezium.data.VariableScaleDecimal":
                    return "numeric";
                case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date":
                    return "date";
                case "io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp",
                        "org.apache.kafka.connect.data.Timestamp":
                    return "timestamp";
                case "io.debezium.time.ZonedTimestamp":
                    return "timestamptz";
                case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime",
                        "org.apache.kafka.connect.data.Time":
                    return "time";
                case "io.debezium.time.ZonedTime":
                    return "timetz";
                case "io.debezium.data.Json":
                    return "jsonb";
                case "io.debezium.data.Uuid":
                    return "uuid";
                case "io.debezium.data.Xml":
                    return "xml";
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8, INT16 -> "smallint";
            case INT32 -> "integer";
            case INT64 -> "bigint";
            case FLOAT32 -> "real";
            case FLOAT64 -> "double precision";
            case BOOLEAN -> "boolean";
            case BYTES -> "bytea";
            case ARRAY -> columnType(schema.valueSchema(), false) + "[]";
            case MAP, STRUCT -> "jsonb";
            default -> "text";
        };
    }

    /** The source's own type where the record's values cast to it (strings reach the server untyped). */
    private static Optional<String> declaredType(SourceColumnType source) {
        return switch (source.name()) {
            case "varchar" -> Optional.of(source.characterLength().map(n -> "varchar(" + n + ")").orElse("varchar"));
            case "bpchar" -> source.characterLength().map(n -> "char(" + n + ")");
            case "timestamp", "timestamptz", "time", "timetz" ->
                    source.secondsPrecision().map(p -> source.name() + "(" + p + ")");
            case "inet", "cidr", "macaddr", "macaddr8", "money" -> Optional.of(source.name());
            case "bit" -> source.characterLength().map(n -> "bit(" + n + ")");
            case "varbit" -> Optional.of(source.characterLength().map(n -> "varbit(" + n + ")").orElse("varbit"));
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<TableMetadata> readTable(Connection connection, TableId table) throws SQLException {
        String schema = table.schema() != null ? table.schema() : connection.getSchema();
        return TableMetadata.read(connection.getMetaData(), null, schema, table.table());
    }

    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        String untyped = untypedText(value);
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else if (untyped != null) {
            statement.setString(index, untyped);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof BigDecimal decimal) {
            statement.setBigDecimal(index, decimal);
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * The text {@link #bind} sends untyped for {@code value} (the server casts it to the column's
     * type as it would a literal, and COPY's input does the same), or null for a value bound with
     * a type of its own.
     */
    static String untypedText(Object value) {
        if (value instanceof String s) {
            return s;
        } else if (value instanceof InfiniteTemporal infinite) {
            return infinite.literal();
        } else if (value instanceof BitString bits) {
            return bits.bits();
        } else if (value instanceof Boolean b) {
            // Untyped, so that a bit(1) column (which Debezium sends as a boolean) takes it as well as a boolean one.
            return b ? "1" : "0";
        } else if (value instanceof List<?> list) {
            return arrayLiteral(list);
        } else if (value instanceof Map<?, ?> map) {
            return JsonText.write(map);
        }
        return null;
    }

    /** A PostgreSQL array literal, cast by the server to the column's array type. */
    static String arrayLiteral(List<?> list) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            literal.append(i == 0 ? "" : ",");
            Object element = list.get(i);
            if (element == null) {
                literal.append("NULL");
            } else if (element instanceof List<?> nested) {
                literal.append(arrayLiteral(nested));
            } else if (element instanceof Number || element instanceof Boolean) {
                literal.append(element instanceof BigDecimal d ? d.toPlainString() : element.toString());
            } else {
                String text = element instanceof BitString bits ? bits.bits()
                        : element instanceof byte[] bytes ? "\\x" + HexFormat.of().formatHex(bytes)
                        : element instanceof Map<?, ?> map ? JsonText.write(map) : element.toString();
                literal.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return literal.append('}').toString();
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements dev.ferry.sink.dialect.DialectProvider {
        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public int score(String jdbcUrl) {
            return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:") ? 10 : 0;
        }

        @Override
        public Dialect create() {
            return new PostgresDialect();
        }
    }
}
