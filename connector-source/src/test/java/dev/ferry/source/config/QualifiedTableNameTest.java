package dev.ferry.source.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QualifiedTableNameTest {

    @Test
    void debeziumsIncrementalSnapshotTakesOnlyPlainNames() {
        assertThat(new QualifiedTableName("shop", "Orders_2026").incrementalSnapshotCapable()).isTrue();
        assertThat(new QualifiedTableName("shop", "tëst$1").incrementalSnapshotCapable()).isTrue();
        assertThat(new QualifiedTableName("shop", "Orders 2026").incrementalSnapshotCapable()).isFalse();
        assertThat(new QualifiedTableName("my.schema", "t").incrementalSnapshotCapable()).isFalse();
        assertThat(new QualifiedTableName("shop", "a\"b").incrementalSnapshotCapable()).isFalse();
        assertThat(new QualifiedTableName("shop", "1abc").incrementalSnapshotCapable()).isFalse();
    }
}
