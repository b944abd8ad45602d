package dev.ferry.source.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.source.config.QualifiedTableName;
import org.junit.jupiter.api.Test;

class RenamedTableTest {

    @Test
    void theOldNameIsReadFromTheStatementAndKeepsTheSchema() {
        assertThat(RenamedTable.before("ALTER TABLE shop.Orders RENAME TO orders_2026",
                new QualifiedTableName("shop", "orders_2026"))).isEqualTo(new QualifiedTableName("shop", "orders"));
        assertThat(RenamedTable.before("alter table if exists only \"Odd \"\"name\".\"A.b\" rename to \"C d\"",
                new QualifiedTableName("Odd \"name", "C d"))).isEqualTo(new QualifiedTableName("Odd \"name", "A.b"));
    }

    @Test
    void inSeveralStatementsTheOneThatGaveTheNewNameCounts() {
        String statements = "BEGIN; ALTER TABLE a RENAME TO b; ALTER TABLE x RENAME TO y; COMMIT";
        assertThat(RenamedTable.before(statements, new QualifiedTableName("public", "y")))
                .isEqualTo(new QualifiedTableName("public", "x"));
        assertThat(RenamedTable.before(statements, new QualifiedTableName("public", "z"))).isNull();
    }

    @Test
    void otherRenamesAreNotTableRenames() {
        assertThat(RenamedTable.renames("ALTER TABLE t RENAME COLUMN a TO b")).isFalse();
        assertThat(RenamedTable.renames("ALTER TABLE t RENAME CONSTRAINT a TO b")).isFalse();
        assertThat(RenamedTable.renames("ALTER TABLE t RENAME TO u")).isTrue();
    }
}
