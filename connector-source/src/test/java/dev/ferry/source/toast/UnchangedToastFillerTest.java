package dev.ferry.source.toast;

import dev.ferry.contract.FerryHeaders;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class UnchangedToastFillerTest {

    private static final String PLACEHOLDER = "__debezium_unavailable_value";
    private static final Schema ROW = SchemaBuilder.struct().name("t.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("big", Schema.STRING_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
            .field("n", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("t.Envelope")
            .field("before", ROW).field("after", ROW).field("op", Schema.STRING_SCHEMA).build();

    private final UnchangedToastFiller filler = new UnchangedToastFiller(PLACEHOLDER);

    @Test
    void unchangedValuesAreCopiedFromTheBeforeImage() {
        Struct before = row(1, "large text", List.of(1, 2), 0);
        Struct after = row(1, PLACEHOLDER, placeholderInts(), 5);
        SourceRecord filled = filler.fill(record(before, after));

        Struct value = (Struct) filled.value();
        assertThat(value.getStruct("after").getString("big")).isEqualTo("large text");
        assertThat(value.getStruct("after").getArray("tags")).containsExactly(1, 2);
        assertThat(value.getStruct("after").getInt32("n")).isEqualTo(5);
        assertThat(filled.headers().lastWithName(FerryHeaders.UNCHANGED_COLUMNS)).isNull();
    }

    @Test
    void withoutBeforeImageTheColumnBecomesNullAndIsNamedInTheHeader() {
        Struct after = row(1, PLACEHOLDER, List.of(3), 5);
        SourceRecord filled = filler.fill(record(null, after));

        Struct value = (Struct) filled.value();
        Struct filledAfter = value.getStruct("after");
        assertThat(filledAfter.get("big")).isNull();
        assertThat(filledAfter.schema().field("big").schema().isOptional()).isTrue();
        assertThat(filledAfter.getArray("tags")).containsExactly(3);
        assertThat(value.getString("op")).isEqualTo("u");
        assertThat(filled.headers().lastWithName(FerryHeaders.UNCHANGED_COLUMNS).value())
                .isEqualTo("[\"big\"]");
        filledAfter.validate();
    }

    @Test
    void recordsWithoutPlaceholdersAreReturnedAsTheyAre() {
        SourceRecord record = record(null, row(1, "x", null, null));
        assertThat(filler.fill(record)).isSameAs(record);
        SourceRecord tombstone = new SourceRecord(Map.of(), Map.of(), "t", null, null, null, null);
        assertThat(filler.fill(tombstone)).isSameAs(tombstone);
    }

    /** Only an UPDATE leaves a TOAST value out: a row whose text happens to be the placeholder stays as written. */
    @Test
    void snapshotReadsAndInsertsAreNeverFilled() {
        for (String op : List.of("r", "c")) {
            Struct envelope = new Struct(ENVELOPE).put("after", row(1, PLACEHOLDER, null, null)).put("op", op);
            SourceRecord record = new SourceRecord(Map.of("server", "t"), Map.of("lsn", 1L), "t.public.x", null, null,
                    ENVELOPE, envelope);
            assertThat(filler.fill(record)).as(op).isSameAs(record);
            assertThat(((Struct) record.value()).getStruct("after").getString("big")).isEqualTo(PLACEHOLDER);
        }
    }

    private static List<Integer> placeholderInts() {
        return PLACEHOLDER.chars().boxed().toList();
    }

    private static Struct row(long id, String big, List<Integer> tags, Integer n) {
        return new Struct(ROW).put("id", id).put("big", big).put("tags", tags).put("n", n);
    }

    private static SourceRecord record(Struct before, Struct after) {
        Struct envelope = new Struct(ENVELOPE).put("before", before).put("after", after).put("op", "u");
        return new SourceRecord(Map.of("server", "t"), Map.of("lsn", 1L), "t.public.x", null, null, ENVELOPE, envelope);
    }
}
