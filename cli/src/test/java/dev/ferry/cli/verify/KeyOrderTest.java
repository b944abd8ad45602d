package dev.ferry.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    @Test
    void ordersTextAsItsUtf8BytesSortAsTheDatabasesDo() {
        List<String> keys = new ArrayList<>(List.of("\uD83D\uDE00", "\uFF01", "Z", "a", "\u00e9", "ab", "", "\uE000"));
        keys.sort(KeyOrder::compareCodePoints);
        List<String> byBytes = new ArrayList<>(keys);
        byBytes.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertThat(keys).containsExactlyElementsOf(byBytes)
                .containsExactly("", "Z", "a", "ab", "\u00e9", "\uE000", "\uFF01", "\uD83D\uDE00");
        assertThat("\uD83D\uDE00".compareTo("\uFF01")).as("Java's own order differs").isNegative();
    }

    @Test
    void comparesNumbersByValueAndCompositeKeysColumnByColumn() {
        assertThat(KeyOrder.compare(List.of(new BigDecimal("9")), List.of(new BigDecimal("10")))).isNegative();
        assertThat(KeyOrder.compare(List.of("k", new BigDecimal("2")), List.of("k", new BigDecimal("2.0")))).isZero();
        assertThat(KeyOrder.compare(List.of("k", new BigDecimal("3")), List.of("l", new BigDecimal("1")))).isNegative();
    }
}
