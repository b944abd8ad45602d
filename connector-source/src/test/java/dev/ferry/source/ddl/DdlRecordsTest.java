package dev.ferry.source.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DdlRecordsTest {

    @Test
    void aDropWithCascadeIsToldFromAForeignKeyAction() {
        assertThat(DdlRecords.dropsWithCascade("DROP TABLE shop.items CASCADE")).isTrue();
        assertThat(DdlRecords.dropsWithCascade("alter table t drop column c cascade;")).isTrue();
        assertThat(DdlRecords.dropsWithCascade("ALTER TABLE t DROP COLUMN c CASCADE, ADD COLUMN d int")).isTrue();
        assertThat(DdlRecords.dropsWithCascade("ALTER TABLE t DROP CONSTRAINT fk, ADD CONSTRAINT fk2 FOREIGN KEY (a) "
                + "REFERENCES p ON DELETE CASCADE")).isFalse();
        assertThat(DdlRecords.dropsWithCascade("CREATE TABLE c (p int REFERENCES p ON UPDATE  CASCADE)")).isFalse();
        assertThat(DdlRecords.dropsWithCascade("ALTER TABLE t DROP COLUMN c")).isFalse();
        assertThat(DdlRecords.dropsWithCascade(null)).isFalse();
    }
}
