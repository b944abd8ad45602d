package dev.ferry.sink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.sink.event.ChangeEvent.Kind;
import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.TableId;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class TableNameFormatTest {

    private static ChangeEvent eventOf(String schema, String table) {
        SinkRecord record = new SinkRecord("p." + schema + "." + table, 0, null, null, null, null, 0);
        return new ChangeEvent(record, new TableId(schema, table), Kind.TRUNCATE, false, List.of(), List.of(), null,
                null, null, Set.of(), -1, -1);
    }

    @Test
    void namesWithDotsStayWholeOnBothSidesOfTheFormatsSeparator() {
        TableNameFormat format = new TableNameFormat("${source.schema}.${source.table}");
        assertThat(format.target(eventOf("odd.schema", "we\"ird tab.le")))
                .isEqualTo(new TableId("odd.schema", "we\"ird tab.le"));
        assertThat(new TableNameFormat("${source.table}").target(eventOf("s", "a.b"))).isEqualTo(new TableId(null, "a.b"));
        assertThat(new TableNameFormat("archive.copy_${source.table}").target(eventOf("s", "a.b")))
                .isEqualTo(new TableId("archive", "copy_a.b"));
        assertThat(new TableNameFormat("${source.schema}.${source.table}").target(eventOf(null, "t")))
                .isEqualTo(new TableId(null, "t"));
    }

    @Test
    void twoSourceTablesMappedToOneTargetAreRefusedNamingBoth() {
        TableNameFormat format = new TableNameFormat("${source.table}");
        format.target(eventOf("public", "orders"));
        format.target(eventOf("public", "orders"));
        assertThatThrownBy(() -> format.target(eventOf("archive", "orders")))
                .isInstanceOf(SinkConfigurationError.class)
                .hasMessageContaining("public.orders").hasMessageContaining("archive.orders")
                .hasMessageContaining("table.name.format");
    }
}
