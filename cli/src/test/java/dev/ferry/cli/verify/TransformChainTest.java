package dev.ferry.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.FerryException;
import dev.ferry.cli.config.SinkSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformChainTest {

    private static final List<String> COLUMNS = List.of("id", "region", "Note");

    private static Map<String, String> sink(String... settings) {
        Map<String, String> config = new HashMap<>();
        config.put("connection.url", "jdbc:postgresql://localhost/db");
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        return config;
    }

    private static TableMapping map(Map<String, String> source, Map<String, String> sink) {
        return TransformChain.of(source, sink).map("public.orders", COLUMNS, SinkSettings.from(sink, "shop"));
    }

    @Test
    void withoutTransformsTheTableKeepsItsNamesAndRows() {
        TableMapping mapping = map(Map.of(), sink());
        assertThat(mapping.targetTable()).isEqualTo("public.orders");
        assertThat(mapping.columns()).isEmpty();
        assertThat(mapping.sourceFilter()).isNull();
        assertThat(mapping.notes()).isEmpty();
    }

    @Test
    void followsRenamesOfSourceAndSinkThenTheSinksTableFormat() {
        Map<String, String> source = Map.of("transforms", "r", "transforms.r.type", "dev.ferry.transforms.RenameObjects",
                "transforms.r.rules", "public.orders -> sales.orders; public.orders.Note -> remark");
        Map<String, String> sink = sink("transforms", "up", "transforms.up.type", "dev.ferry.transforms.RenameObjects",
                "transforms.up.rules", "table ~ (.*) -> $1_v2", "transforms.up.case", "upper",
                "table.name.format", "${source.table}");
        TableMapping mapping = map(source, sink);
        assertThat(mapping.targetTable()).isEqualTo("ORDERS_V2");
        assertThat(mapping.targetColumn("id")).isEqualTo("ID");
        assertThat(mapping.targetColumn("Note")).isEqualTo("REMARK");
    }

    @Test
    void rowFiltersBecomeAConditionOnTheSourceColumns() {
        Map<String, String> sink = sink("transforms", "r,f,g",
                "transforms.r.type", "dev.ferry.transforms.RenameObjects",
                "transforms.r.rules", "public.orders.Note -> remark",
                "transforms.f.type", "dev.ferry.transforms.FilterRows",
                "transforms.f.rules", "public.orders: region IN ('EU', 'UK') AND remark LIKE 'a%'; public.other: id = 1",
                "transforms.g.type", "dev.ferry.transforms.FilterRows",
                "transforms.g.rules", "public.*: \"id\" > 10 OR true");
        TableMapping mapping = map(Map.of(), sink);
        assertThat(mapping.sourceFilter()).isEqualTo(
                "(\"region\" IN ('EU', 'UK') AND \"Note\" LIKE 'a%') AND (\"id\" > 10 OR true)");
    }

    @Test
    void notesWhatVerifyCannotFollow() {
        Map<String, String> sink = sink("transforms", "ops,flat,soft,mask",
                "transforms.ops.type", "dev.ferry.transforms.FilterOperations",
                "transforms.ops.rules", "public.orders: insert,update",
                "transforms.flat.type", "io.debezium.transforms.ExtractNewRecordState",
                "transforms.soft.type", "io.debezium.transforms.ExtractNewRecordState",
                "transforms.soft.delete.tombstone.handling.mode", "rewrite-with-tombstone",
                "transforms.mask.type", "org.apache.kafka.connect.transforms.MaskField$Value",
                "transforms.mask.fields", "region", "transforms.mask.predicate", "isOrders");
        assertThat(map(Map.of(), sink).notes()).containsExactly(
                "sink transform 'ops' replicates only insert,update for public.orders: differences may be intended",
                "sink transform 'soft' rewrites deletes into rows marked __deleted: the target keeps them, and "
                        + "verify reports them as extra",
                "sink transform 'mask' applies only where predicate 'isOrders' holds; verify applies it to every record",
                "sink transform 'mask' (org.apache.kafka.connect.transforms.MaskField$Value) is not understood by "
                        + "verify; tables and rows are compared as if it were absent");
    }

    @Test
    void badTransformConfigsAreOneLineErrorsNamingTheTransform() {
        assertThatThrownBy(() -> map(Map.of(), sink("transforms", "f", "transforms.f.type",
                "dev.ferry.transforms.FilterRows", "transforms.f.rules", "public.orders: region =")))
                .isInstanceOf(FerryException.class).hasMessageStartingWith("sink transform 'f': ");
        assertThatThrownBy(() -> map(Map.of(), sink("transforms", "f")))
                .isInstanceOf(FerryException.class).hasMessageContaining("transforms.f.type");
        assertThatThrownBy(() -> map(Map.of(), sink("transforms", "f", "transforms.f.type",
                "dev.ferry.transforms.FilterRows", "transforms.f.rules", "public.orders: missing = 1")))
                .isInstanceOf(FerryException.class).hasMessageContaining("uses column 'missing'");
    }
}
