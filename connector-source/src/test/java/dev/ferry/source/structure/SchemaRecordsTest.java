package dev.ferry.source.structure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.structure.TableStructure;
import dev.ferry.contract.structure.TableStructure.Check;
import dev.ferry.contract.structure.TableStructure.Column;
import dev.ferry.contract.structure.TableStructure.Index;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaRecordsTest {

    private static Column column(String name) {
        return new Column(name, "text", "text", "pg_catalog", null, null, null, false, false, null, null, null, null);
    }

    @Test
    void columnsDebeziumLeavesOutAreLeftOutWithTheObjectsThatNameThem() {
        TableStructure structure = new TableStructure("public", "users",
                List.of(column("id"), column("email"), column("secret")), List.of("id"),
                List.of(new Index("users_email_key", true, true, "btree", List.of("email"), List.of(), null),
                        new Index("users_secret_idx", false, false, "btree", List.of("secret"), List.of(), null),
                        new Index("users_lower_secret", false, false, "btree", List.of(), List.of("lower(secret)"), null),
                        new Index("users_partial", false, false, "btree", List.of("email"), List.of(),
                                "(secret IS NOT NULL)")),
                List.of(new Check("secret_long", "(length(secret) > 8)"), new Check("email_at", "(email ~ '@')"),
                        new Check("not_secretive", "(secretive > 0)")),
                List.of(), List.of(), null, null);

        TableStructure kept = SchemaRecords.withoutExcludedColumns(structure,
                (catalog, schema, table, column) -> !column.equals("secret"));

        assertThat(kept.columns()).extracting(Column::name).containsExactly("id", "email");
        assertThat(kept.indexes()).extracting(Index::name).containsExactly("users_email_key");
        assertThat(kept.checks()).extracting(Check::name).containsExactly("email_at", "not_secretive");
        assertThat(SchemaRecords.withoutExcludedColumns(structure, (catalog, schema, table, column) -> true))
                .isSameAs(structure);
    }
}
