package dev.ferry.transforms;

import static dev.ferry.transforms.ChangeEvents.envelope;
import static dev.ferry.transforms.ChangeEvents.flat;
import static dev.ferry.transforms.ChangeEvents.row;
import static dev.ferry.transforms.ChangeEvents.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FilterRowsTest {

    private static final String RULE = "public.orders: region = 'EU' AND amt >= 100";

    private static FilterRows<SourceRecord> filter(String rules, String beforeImages) {
        FilterRows<SourceRecord> filter = new FilterRows<>();
        filter.configure(Map.of(FilterRows.RULES, rules, FilterRows.BEFORE_IMAGES, beforeImages));
        return filter;
    }

    private static final Struct IN = row(1, "EU", "150.00");
    private static final Struct IN_CHANGED = row(1, "EU", "200.00");
    private static final Struct OUT = row(1, "US", "150.00");
    private static final Struct OUT_CHANGED = row(1, "EU", "50.00");

    @Nested
    class Envelopes {

        private final FilterRows<SourceRecord> filter = filter(RULE, "full");

        @Test
        void insertsAndSnapshotRowsAreKeptOnlyWhenTheyMatch() {
            for (String op : new String[] {"c", "r"}) {
                SourceRecord in = envelope(op, null, IN);
                assertThat(filter.apply(in)).isSameAs(in);
                assertThat(filter.apply(envelope(op, null, OUT))).isNull();
            }
        }

        @Test
        void updateInToInStaysAnUpdate() {
            SourceRecord update = envelope("u", IN, IN_CHANGED);
            assertThat(filter.apply(update)).isSameAs(update);
        }

        @Test
        void updateInToOutBecomesADeleteOfTheOldRow() {
            Struct oldRow = row(7, "EU", "150.00");
            Struct newRow = row(8, "US", "150.00");
            SourceRecord result = filter.apply(envelope("u", oldRow, newRow));
            assertThat(value(result).getString("op")).isEqualTo("d");
            assertThat(value(result).getStruct("before")).isEqualTo(oldRow);
            assertThat(value(result).getStruct("after")).isNull();
            assertThat(((Struct) result.key()).getInt32("id")).as("key of the old row").isEqualTo(7);
            assertThat(value(result).getStruct("source").getString("table")).isEqualTo("orders");
        }

        @Test
        void updateOutToInBecomesAnInsertOfTheNewRow() {
            SourceRecord result = filter.apply(envelope("u", OUT, IN));
            assertThat(value(result).getString("op")).isEqualTo("c");
            assertThat(value(result).getStruct("before")).isNull();
            assertThat(value(result).getStruct("after")).isEqualTo(IN);
        }

        @Test
        void updateOutToOutIsDropped() {
            assertThat(filter.apply(envelope("u", OUT, OUT_CHANGED))).isNull();
        }

        @Test
        void deletesAreJudgedOnTheBeforeImage() {
            SourceRecord in = envelope("d", IN, null);
            assertThat(filter.apply(in)).isSameAs(in);
            assertThat(filter.apply(envelope("d", OUT, null))).isNull();
        }

        @Test
        void nullInTheConditionMeansOut() {
            assertThat(filter.apply(envelope("c", null, row(1, null, "150.00")))).isNull();
            assertThat(filter.apply(envelope("c", null, row(1, "EU", null)))).isNull();
        }

        @Test
        void anUpdateWithoutBeforeImageIsJudgedOnItsNewRow() {
            SourceRecord in = envelope("u", null, IN);
            assertThat(filter.apply(in)).isSameAs(in);
            SourceRecord out = filter.apply(envelope("u", null, OUT));
            assertThat(value(out).getString("op")).isEqualTo("d");
            assertThat(value(out).getStruct("before")).isEqualTo(OUT);
        }

        @Test
        void truncatesPass() {
            SourceRecord truncate = envelope("t", null, null);
            assertThat(filter.apply(truncate)).isSameAs(truncate);
        }
    }

    @Nested
    class PartialBeforeImages {

        private final FilterRows<SourceRecord> filter = filter(RULE, "partial");

        @Test
        void everyDeletePasses() {
            SourceRecord keyOnly = envelope("d", row(1, null, null), null);
            assertThat(filter.apply(keyOnly)).isSameAs(keyOnly);
        }

        @Test
        void updatesAreJudgedOnTheNewRowAlone() {
            SourceRecord toIn = envelope("u", OUT, IN);
            assertThat(filter.apply(toIn)).isSameAs(toIn);
            SourceRecord toOut = filter.apply(envelope("u", IN, OUT));
            assertThat(value(toOut).getString("op")).isEqualTo("d");
            assertThat(((Struct) toOut.key()).getInt32("id")).isEqualTo(1);
        }
    }

    @Nested
    class FlattenedRows {

        private final FilterRows<SourceRecord> filter = filter(RULE, "full");

        @Test
        void matchingRowsPass() {
            for (String op : new String[] {"c", "r", "u"}) {
                SourceRecord in = flat(op, IN);
                assertThat(filter.apply(in)).isSameAs(in);
            }
        }

        @Test
        void insertsAndSnapshotRowsThatDoNotMatchAreDropped() {
            assertThat(filter.apply(flat("c", OUT))).isNull();
            assertThat(filter.apply(flat("r", OUT))).isNull();
        }

        @Test
        void anUpdatedRowThatDoesNotMatchBecomesATombstone() {
            for (String op : new String[] {"u", null}) {
                SourceRecord result = filter.apply(flat(op, OUT));
                assertThat(result.value()).as("op %s", op).isNull();
                assertThat(((Struct) result.key()).getInt32("id")).isEqualTo(1);
                assertThat(result.topic()).isEqualTo(ChangeEvents.TOPIC);
            }
        }

        @Test
        void rewrittenDeletesAreJudgedOnTheirRow() {
            SourceRecord in = flat("d", IN);
            assertThat(filter.apply(in)).isSameAs(in);
            assertThat(filter.apply(flat("d", OUT))).isNull();
            SourceRecord outButPartial = flat("d", OUT);
            assertThat(filter(RULE, "partial").apply(outButPartial)).isSameAs(outButPartial);
        }

        @Test
        void tombstonesPass() {
            SourceRecord tombstone = ChangeEvents.tombstone(1);
            assertThat(filter.apply(tombstone)).isSameAs(tombstone);
        }
    }

    @Test
    void heartbeatsOtherTablesAndNonRowRecordsPassUntouched() {
        FilterRows<SourceRecord> all = filter("*: region = 'EU'", "full");
        SourceRecord heartbeat = ChangeEvents.heartbeat();
        assertThat(all.apply(heartbeat)).isSameAs(heartbeat);
        SourceRecord debeziumHeartbeat = ChangeEvents.debeziumHeartbeat();
        assertThat(all.apply(debeziumHeartbeat)).isSameAs(debeziumHeartbeat);

        FilterRows<SourceRecord> other = filter("public.customers: country = 'DE'", "full");
        SourceRecord order = envelope("c", null, OUT);
        assertThat(other.apply(order)).isSameAs(order);
    }

    @Test
    void theFirstMatchingRuleApplies() {
        FilterRows<SourceRecord> filter = filter("public.orders: region = 'US'; public.*: region = 'EU'", "full");
        assertThat(filter.apply(envelope("c", null, OUT))).isNotNull();
        assertThat(filter.apply(envelope("c", null, IN))).isNull();
    }

    @Test
    void badRulesFailConfigureNamingTheRule() {
        assertThatThrownBy(() -> filter("public.orders: region = ", "full"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("public.orders: region =");
        assertThatThrownBy(() -> filter("public.orders region = 'EU'", "full"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.table: condition");
        assertThatThrownBy(() -> filter("orders: region = 'EU'", "full"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not name a table");
        assertThatThrownBy(() -> filter("public.orders: customers.region = 'EU'", "full"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown table reference 'customers'");
        assertThatThrownBy(() -> filter("public.orders: region = 'EU'", "sometimes"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(FilterRows.BEFORE_IMAGES);
        assertThatThrownBy(() -> filter(" ; ", "full")).isInstanceOf(ConfigException.class);
    }

    @Test
    void badRulesAreReportedByTheWorkersConfigValidation() {
        var values = new FilterRows<SourceRecord>().config().validate(Map.of(FilterRows.RULES, "public.orders: region ="));
        assertThat(values).filteredOn(v -> v.name().equals(FilterRows.RULES)).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString()
                        .contains("public.orders: region =").contains("cannot parse"));
        var rename = new RenameObjects<SourceRecord>().config().validate(Map.of(RenameObjects.RULES, "a.b.c -> x; a.b.d -> x"));
        assertThat(rename).filteredOn(v -> v.name().equals(RenameObjects.RULES)).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("same name 'x'"));
        var operations = new FilterOperations<SourceRecord>().config().validate(Map.of(FilterOperations.RULES, "*: merge"));
        assertThat(operations).filteredOn(v -> v.name().equals(FilterOperations.RULES)).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("unknown operation"));
    }

    @Test
    void semicolonsInsideQuotesDoNotSplitRules() {
        FilterRows<SourceRecord> filter = filter("public.orders: region IN ('EU', 'a;b')", "full");
        assertThat(filter.apply(envelope("c", null, IN))).isNotNull();
        assertThat(filter.apply(envelope("c", null, row(2, "a;b", "1")))).isNotNull();
        assertThat(filter.apply(envelope("c", null, OUT))).isNull();
    }

    @Test
    void aMissingColumnFailsNamingTableAndColumn() {
        FilterRows<SourceRecord> filter = filter("public.orders: country = 'DE'", "full");
        assertThatThrownBy(() -> filter.apply(envelope("c", null, IN)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("public.orders")
                .hasMessageContaining("'country'")
                .hasMessageContaining("public.orders: country = 'DE'");
    }
}
