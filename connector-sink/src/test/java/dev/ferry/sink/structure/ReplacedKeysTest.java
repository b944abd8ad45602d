package dev.ferry.sink.structure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ReplacedKeysTest {

    private static final Schema ROW = SchemaBuilder.struct().optional().field("a", Schema.INT32_SCHEMA)
            .field("b", Schema.INT32_SCHEMA).field("v", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW).build();
    private static final TableHistory KEYED_BY_A_AND_B = new TableHistory(Map.of(), Map.of(), List.of("a", "b"),
            Set.of(), Set.of(), Set.of(), null);

    @Test
    void anEventKeyedAsTheHistoryIsLeftAlone() {
        ChangeEvent event = upsert(List.of("a", "b"), List.of(1, 2), null, null);
        assertThat(ReplacedKeys.current(event, KEYED_BY_A_AND_B)).isSameAs(event);
    }

    @Test
    void anInsertKeyedByTheReplacedKeyIsKeyedByTheCurrentOneFromItsRow() {
        ChangeEvent event = upsert(List.of("a"), List.of(1), null, null);
        ChangeEvent current = ReplacedKeys.current(event, KEYED_BY_A_AND_B);
        assertThat(current.keyColumns()).containsExactly("a", "b");
        assertThat(current.key()).containsExactly(1, 2);
        assertThat(current.oldKey()).isNull();
    }

    @Test
    void anUpdateKeepingTheOldKeyButMovingTheNewOneCarriesItsOldValues() {
        ChangeEvent event = upsert(List.of("a"), List.of(1), List.of(1), row(1, 7, "old"));
        ChangeEvent current = ReplacedKeys.current(event, KEYED_BY_A_AND_B);
        assertThat(current.key()).containsExactly(1, 2);
        assertThat(current.oldKey()).containsExactly(1, 7);
        assertThat(current.changesKey()).isTrue();
    }

    @Test
    void aDeleteIsKeyedFromItsEnvelopesBeforeImage() {
        Struct envelope = new Struct(ENVELOPE).put("before", row(4, 5, "gone"));
        SinkRecord record = new SinkRecord("t", 0, null, null, ENVELOPE, envelope, 0);
        ChangeEvent event = new ChangeEvent(record, new TableId("s", "t"), ChangeEvent.Kind.DELETE, false, List.of("a"),
                List.of(4), null, null, ROW, Set.of(), -1, -1, null);
        ChangeEvent current = ReplacedKeys.current(event, KEYED_BY_A_AND_B);
        assertThat(current.keyColumns()).containsExactly("a", "b");
        assertThat(current.key()).containsExactly(4, 5);
    }

    @Test
    void anEventWhoseImageLacksAKeyColumnKeepsItsKey() {
        Map<String, Object> partial = new LinkedHashMap<>();
        partial.put("a", 1);
        ChangeEvent event = new ChangeEvent(null, new TableId("s", "t"), ChangeEvent.Kind.UPSERT, false, List.of("a"),
                List.of(1), null, partial, ROW, Set.of(), -1, -1, null);
        assertThat(ReplacedKeys.current(event, KEYED_BY_A_AND_B)).isSameAs(event);
    }

    private static ChangeEvent upsert(List<String> keyColumns, List<Object> key, List<Object> oldKey, Struct before) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", 1);
        row.put("b", 2);
        row.put("v", "new");
        Struct envelope = new Struct(ENVELOPE).put("before", before).put("after", row(1, 2, "new"));
        SinkRecord record = new SinkRecord("t", 0, null, null, ENVELOPE, envelope, 0);
        return new ChangeEvent(record, new TableId("s", "t"), ChangeEvent.Kind.UPSERT, false, keyColumns, key, oldKey,
                row, ROW, Set.of(), -1, -1, null);
    }

    private static Struct row(int a, int b, String v) {
        return new Struct(ROW).put("a", a).put("b", b).put("v", v);
    }
}
