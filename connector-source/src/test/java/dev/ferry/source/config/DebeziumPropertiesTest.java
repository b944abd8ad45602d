package dev.ferry.source.config;

import dev.ferry.contract.SourceObjectNames;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class DebeziumPropertiesTest {

    private static Map<String, String> user(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("topic.prefix", "Shop-EU");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void ferryDefaultsFillTheGaps() {
        Map<String, String> props = DebeziumProperties.from(user());
        assertThat(props).containsEntry("slot.name", "ferry_shop_eu")
                .containsEntry("publication.name", "ferry_shop_eu")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("publication.autocreate.mode", "filtered")
                .containsEntry("heartbeat.interval.ms", "10000")
                .containsEntry("skipped.operations", "none")
                .containsEntry("poll.interval.ms", "50")
                .containsEntry("extended.headers.enabled", "false")
                .doesNotContainKey("max.batch.size");
    }

    @Test
    void userValuesWin() {
        Map<String, String> props = DebeziumProperties.from(user("slot.name", "mine", "skipped.operations", "t",
                "heartbeat.interval.ms", "0", "snapshot.fetch.size", "77", "poll.interval.ms", "500"));
        assertThat(props).containsEntry("slot.name", "mine").containsEntry("skipped.operations", "t")
                .containsEntry("poll.interval.ms", "500")
                .containsEntry("heartbeat.interval.ms", "0").containsEntry("snapshot.fetch.size", "77");
    }

    @Test
    void heartbeatTableJoinsAnExplicitTableSelection() {
        Map<String, String> props = DebeziumProperties.from(user("table.include.list", "public.orders"));
        String[] patterns = props.get("table.include.list").split(",");
        assertThat(patterns[0]).isEqualTo("public.orders");
        assertThat(Pattern.matches(patterns[1], "public.ferry_heartbeat")).isTrue();
        assertThat(Pattern.matches(patterns[1], "publicXferry_heartbeat")).isFalse();
    }

    @Test
    void theDdlTableJoinsTheSelectionAndItsSnapshotReadsNoRows() {
        Map<String, String> props = DebeziumProperties.from(user("table.include.list", "public.orders",
                "snapshot.select.statement.overrides", "public.orders",
                "snapshot.select.statement.overrides.public.orders", "SELECT * FROM public.orders WHERE id > 0"));
        String[] patterns = props.get("table.include.list").split(",");
        assertThat(Pattern.matches(patterns[2], "public.ferry_ddl_command")).isTrue();
        assertThat(Pattern.matches(patterns[3], "public.ferry_shop_eu_signal")).isTrue();
        assertThat(props).containsEntry("snapshot.select.statement.overrides",
                        "public.orders,public.ferry_ddl_command,public.ferry_shop_eu_signal")
                .containsEntry("snapshot.select.statement.overrides.public.ferry_ddl_command",
                        "SELECT * FROM \"public\".\"ferry_ddl_command\" WHERE false")
                .containsEntry("signal.data.collection", "public.ferry_shop_eu_signal")
                .containsEntry("snapshot.select.statement.overrides.public.orders",
                        "SELECT * FROM public.orders WHERE id > 0");
        assertThat(DebeziumProperties.from(user("table.include.list", "public.orders", "ddl.sync", "false",
                "snapshot.added.tables", "false")))
                .containsEntry("table.include.list", "public.orders," + Pattern.quote("public") + "\\."
                        + Pattern.quote("ferry_heartbeat"))
                .doesNotContainKey("snapshot.select.statement.overrides")
                .doesNotContainKey("signal.data.collection");
        // A task that cannot use the DDL table leaves it out, overrides and all.
        Map<String, String> without = DebeziumProperties.without(props, new QualifiedTableName("public",
                "ferry_ddl_command"));
        assertThat(without.get("table.include.list")).doesNotContain("ferry_ddl_command").contains("public.orders");
        assertThat(without).containsEntry("snapshot.select.statement.overrides",
                "public.orders,public.ferry_shop_eu_signal")
                .doesNotContainKey("snapshot.select.statement.overrides.public.ferry_ddl_command")
                .containsEntry("signal.data.collection", "public.ferry_shop_eu_signal");
    }

    @Test
    void throttlingShrinksBatchesToATenthOfASecond() {
        assertThat(DebeziumProperties.from(user("snapshot.max.rows.per.second", "500")))
                .containsEntry("max.batch.size", "50");
        assertThat(DebeziumProperties.from(user("streaming.max.rows.per.second", "5", "max.batch.size", "100")))
                .containsEntry("max.batch.size", "1");
        assertThat(DebeziumProperties.from(user("snapshot.max.rows.per.second", "1000000", "max.batch.size", "300")))
                .containsEntry("max.batch.size", "300");
    }

    @Test
    void longPrefixesStayWithinPostgresIdentifierLength() {
        assertThat(SourceObjectNames.defaultName("x".repeat(100))).hasSize(63).startsWith("ferry_");
    }
}
