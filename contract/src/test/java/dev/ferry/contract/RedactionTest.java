package dev.ferry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void passwordsInJdbcUrlsAreMaskedWhateverTheirForm() {
        assertThat(Redaction.jdbcUrl("jdbc:postgresql://h:5432/db?user=u&password=Canary1&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=****&ssl=true");
        assertThat(Redaction.jdbcUrl("jdbc:mysql://u:Canary1@h:3306/db?PWD=Canary1;sslPassword=Canary1"))
                .isEqualTo("jdbc:mysql://u:****@h:3306/db?PWD=****;sslPassword=****");
        assertThat(Redaction.jdbcUrl("jdbc:mariadb://h/db?trustStorePassword=Canary1&useSSL=true"))
                .doesNotContain("Canary1");
        assertThat(Redaction.jdbcUrl("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
        assertThat(Redaction.secret("failed for Canary1", "Canary1")).isEqualTo("failed for ****");
    }
}
