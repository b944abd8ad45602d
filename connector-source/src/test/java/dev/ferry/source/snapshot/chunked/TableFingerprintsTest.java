package dev.ferry.source.snapshot.chunked;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.source.snapshot.chunked.SnapshotProgress.TableName;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableFingerprintsTest {

    private static final TableName ORDERS = new TableName("shop", "orders");
    private static final TableName ITEMS = new TableName("shop", "items");

    @Test
    void unchangedTablesGiveNoChange() {
        Map<TableName, String> seen = Map.of(ORDERS, "file 16384: 1 id integer not null");
        assertThat(TableFingerprints.changes(seen, Map.of(ORDERS, "file 16384: 1 id integer not null"))).isEmpty();
    }

    @Test
    void aRewrittenRenamedOrGoneTableIsNamedWithBothStates() {
        Map<TableName, String> seen = new LinkedHashMap<>();
        seen.put(ORDERS, "file 16384: 1 id integer not null, 2 name text");
        seen.put(ITEMS, "file 16390: 1 id integer not null");
        Map<TableName, String> now = Map.of(ORDERS, "file 16402: 1 id bigint not null, 2 name text");
        assertThat(TableFingerprints.changes(seen, now)).containsExactly(
                "shop.orders was (file 16384: 1 id integer not null, 2 name text) and is now "
                        + "(file 16402: 1 id bigint not null, 2 name text)",
                "shop.items was (file 16390: 1 id integer not null) and is now (gone)");
    }
}
