package dev.ferry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceObjectNamesTest {

    @Test
    void defaultNamesAreSanitizedTruncatedAndUsedOnlyWhenNothingIsConfigured() {
        assertThat(SourceObjectNames.slotName(null, "App.Prod-1")).isEqualTo("ferry_app_prod_1");
        assertThat(SourceObjectNames.slotName("  ", "shop")).isEqualTo("ferry_shop");
        assertThat(SourceObjectNames.publicationName("mine", "shop")).isEqualTo("mine");
        assertThat(SourceObjectNames.defaultName("x".repeat(100))).hasSize(63).startsWith("ferry_x");
    }

    @Test
    void mysqlUrlsUseTheMariaDbDriverAndTheUrlsDatabase() {
        assertThat(TargetNaming.mariaDbDriverUrl("jdbc:mysql://h:3306/db")).isEqualTo("jdbc:mariadb://h:3306/db");
        assertThat(TargetNaming.tableNameFormat("", "jdbc:mysql://h/db")).isEqualTo("${source.table}");
        assertThat(TargetNaming.tableNameFormat(null, "jdbc:postgresql://h/db"))
                .isEqualTo("${source.schema}.${source.table}");
        assertThat(TargetNaming.tableNameFormat("x_${source.table}", "jdbc:mysql://h/db")).isEqualTo("x_${source.table}");
    }
}
