package dev.ferry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FerryHeadersTest {

    @Test
    void unchangedColumnNamesRoundTripWithQuotesBackslashesDotsAndUnicode() {
        List<String> names = List.of("big", "we\"ird", "back\\slash", "a.b", "ünï code", "");
        String json = FerryHeaders.encodeColumns(names);
        assertThat(json).startsWith("[\"big\",\"we\\\"ird\"");
        assertThat(FerryHeaders.decodeColumns(json)).isEqualTo(names);
        assertThat(FerryHeaders.decodeColumns("[]")).isEmpty();
        assertThat(FerryHeaders.columnsOf(List.of("a", "b.c"))).containsExactly("a", "b.c");
        assertThat(FerryHeaders.columnsOf(json)).isEqualTo(names);
    }
}
