package dev.ferry.sink.structure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.sink.event.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableHistoryTest {

    @Test
    void oddNamesTypesAndDefaultsReadBackAsWritten() {
        TableStructure structure = new TableStructure("s", "t", List.of(
                new Column("id", "integer", "int4", "pg_catalog", null, null, null, false, true, null, null, null,
                        null, 1),
                new Column("a b\n\"c\" ü %20", "character varying(10)", "varchar", "pg_catalog", 10, null, null, false,
                        false, "'x y'::character varying", null, null, null, 3),
                new Column("empty default", "text", "text", "pg_catalog", null, null, null, false, false, "''::text",
                        null, null, null, 7),
                new Column("unpositioned", "text", "text", "pg_catalog", null, null, null, false, false, null, null,
                        null, null)),
                List.of("id"), List.of(), List.of(), List.of(), List.of(), null, null);

        TableHistory history = TableHistory.of(structure);

        assertThat(history.byPosition()).containsOnlyKeys(1, 3, 7);
        assertThat(history.primaryKey()).containsExactly("id");
        assertThat(TableHistory.decode(history.encode())).isEqualTo(history);
        assertThat(history.at(3)).isEqualTo(new TableHistory.Entry("a b\n\"c\" ü %20", "character varying(10)", false,
                "'x y'::character varying"));
        assertThat(history.at(1).defaultExpression()).isNull();
        assertThat(TableHistory.decode(null).isEmpty()).isTrue();
    }

    @Test
    void retiredNamesFollowRenamesToTheCurrentNameAndReadBack() {
        TableHistory history = new TableHistory(java.util.Map.of(), java.util.Map.of("a", "b", "b", "c x",
                "gone", TableHistory.DROPPED, "loop1", "loop2", "loop2", "loop1"), List.of("id", "k 2"),
                java.util.Set.of("items_pkey", "idx ü"), java.util.Set.of("positive"), java.util.Set.of("fk ü"), null);

        assertThat(history.current("a")).isEqualTo("c x");
        assertThat(history.current("b")).isEqualTo("c x");
        assertThat(history.current("gone")).isNull();
        assertThat(history.current("alive")).isEqualTo("alive");
        assertThat(history.current("loop1")).isIn("loop1", "loop2");
        assertThat(TableHistory.decode(history.encode())).isEqualTo(history);
    }

    @Test
    void aRenamedTableNamesItsNewTargetAndReadsBack() {
        TableHistory renamed = TableHistory.renamedTo(new TableId("odd schema", "new.name ü"));
        TableHistory noSchema = TableHistory.renamedTo(new TableId(null, "t"));

        assertThat(TableHistory.decode(renamed.encode())).isEqualTo(renamed);
        assertThat(TableHistory.decode(noSchema.encode()).renamedTo()).isEqualTo(new TableId(null, "t"));
        assertThat(renamed.isEmpty()).isTrue();
    }
}
