package dev.ferry.transforms.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.transforms.record.TableRef;
import dev.ferry.transforms.rules.TablePattern;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConditionCompilerTest {

    private static final TablePattern ORDERS = TablePattern.parse("public.orders", "rules", "test");

    private static final Schema SCHEMA = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("region", Schema.OPTIONAL_STRING_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("qty", Schema.OPTIONAL_INT16_SCHEMA)
            .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("created", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("updated_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("paid_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
            .field("shipped", Timestamp.builder().optional().build())
            .field("opens", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
            .field("big", SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").optional()
                    .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build())
            .field("Mixed", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static final Row ROW = new Row(new TableRef("public", "orders"), row());

    private static Struct row() {
        long micros = LocalDateTime.parse("2024-03-01T10:15:30").toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 250;
        Schema bigSchema = SCHEMA.field("big").schema();
        return new Struct(SCHEMA)
                .put("id", 42L)
                .put("region", "EU")
                .put("note", null)
                .put("amount", new BigDecimal("150.25"))
                .put("ratio", 0.5)
                .put("qty", (short) 3)
                .put("active", true)
                .put("created", 19723) // 2024-01-01
                .put("updated_at", micros)
                .put("paid_at", "2024-03-01T09:00:00+01:00")
                .put("shipped", Date.from(LocalDateTime.parse("2024-03-02T00:00:00").toInstant(ZoneOffset.UTC)))
                .put("opens", 9L * 3600 * 1_000_000)
                .put("big", new Struct(bigSchema).put("scale", 3).put("value", new java.math.BigInteger("12345").toByteArray()))
                .put("Mixed", "O'Brien");
    }

    private static Truth eval(String sql) {
        return ConditionCompiler.compile(sql, ORDERS, "rules", "public.orders: " + sql).test(ROW);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "region = 'EU' | TRUE",
            "region <> 'EU' | FALSE",
            "region != 'US' | TRUE",
            "amount >= 100 | TRUE",
            "amount > 150.25 | FALSE",
            "amount <= 150.25 | TRUE",
            "amount < 150.26 | TRUE",
            "amount = '150.25' | TRUE",
            "ratio = 0.5 | TRUE",
            "qty BETWEEN 1 AND 3 | TRUE",
            "qty NOT BETWEEN 1 AND 3 | FALSE",
            "id IN (1, 42, 7) | TRUE",
            "id NOT IN (1, 2) | TRUE",
            "id = -42 | FALSE",
            "big = 12.345 | TRUE",
            "region = 'EU' AND amount >= 100 | TRUE",
            "region = 'US' OR amount >= 100 | TRUE",
            "NOT (region = 'US') | TRUE",
            "active | TRUE",
            "active = TRUE | TRUE",
            "active IS TRUE | TRUE",
            "active IS NOT FALSE | TRUE",
            "NOT active | FALSE",
            "created = DATE '2024-01-01' | TRUE",
            "created > '2023-12-31' | TRUE",
            "created < DATE '2024-01-01' | FALSE",
            "updated_at > TIMESTAMP '2024-03-01 10:15:30' | TRUE",
            "updated_at < '2024-03-01 10:15:31' | TRUE",
            "updated_at >= DATE '2024-03-02' | FALSE",
            "paid_at = TIMESTAMPTZ '2024-03-01 08:00:00+00' | TRUE",
            "paid_at = '2024-03-01 08:00:00' | TRUE",
            "shipped = TIMESTAMP '2024-03-02 00:00:00' | TRUE",
            "opens = TIME '09:00:00' | TRUE",
            "region LIKE 'E%' | TRUE",
            "region LIKE 'e%' | FALSE",
            "region ILIKE 'e_' | TRUE",
            "region NOT LIKE '%U' | FALSE",
            "Mixed LIKE 'O''%' | TRUE",
            "\"Mixed\" = 'O''Brien' | TRUE",
            "mixed = 'O''Brien' | TRUE",
            "note LIKE 'a!%%' ESCAPE '!' | UNKNOWN",
            "orders.region = 'EU' | TRUE",
            "id IN (1, 2) AND region = 'EU' | FALSE",
            "id IN (42, 2) AND region IS NULL | FALSE",
            "id IN (1, 2) OR region = 'EU' | TRUE",
            "region IN ('EU', 'UK') AND note IS NULL | TRUE",
            "region = 'US' OR id IN (42) AND qty = 3 | TRUE",
            "public.orders.region = 'EU' | TRUE",
    })
    void evaluatesWithSqlSemantics(String sql, Truth expected) {
        assertThat(eval(sql)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "note = 'x' | UNKNOWN",
            "note <> 'x' | UNKNOWN",
            "NOT (note = 'x') | UNKNOWN",
            "note = NULL | UNKNOWN",
            "note IS NULL | TRUE",
            "note IS NOT NULL | FALSE",
            "region IS NULL | FALSE",
            "note = 'x' AND region = 'US' | FALSE",
            "note = 'x' AND region = 'EU' | UNKNOWN",
            "note = 'x' OR region = 'EU' | TRUE",
            "note = 'x' OR region = 'US' | UNKNOWN",
            "id IN (1, NULL) | UNKNOWN",
            "id IN (42, NULL) | TRUE",
            "id NOT IN (1, NULL) | UNKNOWN",
            "note IN ('a', 'b') | UNKNOWN",
            "qty BETWEEN NULL AND 2 | FALSE",
            "qty BETWEEN NULL AND 5 | UNKNOWN",
            "note LIKE '%' | UNKNOWN",
            "(note = 'x') IS NOT TRUE | TRUE",
    })
    void nullsFollowThreeValuedLogic(String sql, Truth expected) {
        assertThat(eval(sql)).isEqualTo(expected);
    }

    @Test
    void likeEscapesRegexCharactersAndHonoursEscape() {
        assertThat(ConditionCompiler.likeRegex("a.b%", '\\', false).matcher("a.bcd").matches()).isTrue();
        assertThat(ConditionCompiler.likeRegex("a.b%", '\\', false).matcher("axbcd").matches()).isFalse();
        assertThat(ConditionCompiler.likeRegex("100!%", '!', false).matcher("100%").matches()).isTrue();
        assertThat(ConditionCompiler.likeRegex("100!%", '!', false).matcher("1000").matches()).isFalse();
        assertThat(ConditionCompiler.likeRegex("a\\_c", '\\', false).matcher("abc").matches()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "region = | cannot parse the condition",
            "region = 'EU' AND | cannot parse the condition",
            "upper(region) = 'EU' | is not supported",
            "id IN (SELECT id FROM other) | is not supported",
            "amount + 1 > 5 | is not supported",
            "region REGEXP 'E.*' | is not supported",
            "region LIKE note | LIKE needs a quoted pattern",
            "customers.region = 'EU' | unknown table reference 'customers'",
            "other.orders.region = 'EU' | unknown table reference 'other.orders'",
            "created = DATE '2024-13-01' | cannot read",
    })
    void rejectsWhatItCannotEvaluateWhenConfigured(String sql, String message) {
        assertThatThrownBy(() -> ConditionCompiler.compile(sql, ORDERS, "rules", "public.orders: " + sql))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("public.orders: " + sql)
                .hasMessageContaining(message);
    }

    @Test
    void qualifiedColumnsNeedARuleForOneTable() {
        TablePattern all = TablePattern.parse("public.*", "rules", "x");
        assertThatThrownBy(() -> ConditionCompiler.compile("orders.region = 'EU'", all, "rules", "x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown table reference");
    }

    @Test
    void missingColumnNamesTableAndColumn() {
        assertThatThrownBy(() -> eval("country = 'DE'"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("public.orders")
                .hasMessageContaining("'country'");
        assertThatThrownBy(() -> eval("\"mixed\" = 'x'"))
                .isInstanceOf(DataException.class).hasMessageContaining("'mixed'");
    }

    @Test
    void incomparableValuesAreReported() {
        assertThatThrownBy(() -> eval("amount = 'lots'"))
                .isInstanceOf(DataException.class).hasMessageContaining("cannot compare number 150.25 with text 'lots'");
        assertThatThrownBy(() -> eval("region = 5"))
                .isInstanceOf(DataException.class).hasMessageContaining("cannot compare");
    }

    @Test
    void bytesAreNotComparedSilently() {
        Schema schema = SchemaBuilder.struct().field("b", Schema.OPTIONAL_BYTES_SCHEMA).build();
        Row row = new Row(new TableRef(null, "t"), new Struct(schema).put("b", "x".getBytes(StandardCharsets.UTF_8)));
        RowCondition condition = ConditionCompiler.compile("b = 'x'", ORDERS, "rules", "r");
        assertThatThrownBy(() -> condition.test(row)).isInstanceOf(DataException.class);
    }
}
