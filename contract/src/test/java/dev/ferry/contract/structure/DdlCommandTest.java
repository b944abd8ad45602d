package dev.ferry.contract.structure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DdlCommandTest {

    private static DdlCommand dropIndex(String identity) {
        return new DdlCommand("DROP INDEX", "index", identity, "DROP INDEX ...");
    }

    @Test
    void theDroppedIndexIsTheSecondPartOfItsIdentity() {
        assertThat(dropIndex("public.items_price_idx").droppedIndex()).isEqualTo("items_price_idx");
        assertThat(dropIndex("public.\"Items.Price idx\"").droppedIndex()).isEqualTo("Items.Price idx");
    }

    @Test
    void aQuotedSchemaMayHoldDotsAndQuotes() {
        assertThat(dropIndex("\"my.schema\".idx").droppedIndex()).isEqualTo("idx");
        assertThat(dropIndex("\"a\"\".b\".\"c.d\"").droppedIndex()).isEqualTo("c.d");
    }

    @Test
    void otherCommandsDropNoIndex() {
        assertThat(new DdlCommand("DROP TABLE", "table", "public.items", "DROP TABLE items").droppedIndex()).isNull();
        assertThat(new DdlCommand("DROP TABLE", "table", "public.items", "DROP TABLE items").dropsTable()).isTrue();
    }
}
