package dev.ferry.sink.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRowsTest {

    /** The text format spelled out one character at a time. */
    private static String escapedByHand(String text, boolean escapeNul) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append(escapeNul ? "\\0" : "\0");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void escapesWhatWouldEndAFieldOrALineAndCopiesTheRest() {
        List<String> hostile = List.of("", "plain", "\\", "\\\\N", "a\tb\nc\rd", "\t\t", "ends with \\", "\n",
                "é🚀 ünïcödé", "nul\0in the middle", "\0", "x".repeat(10_000) + "\t" + "y".repeat(10_000));
        for (boolean escapeNul : new boolean[] {false, true}) {
            TextRows rows = new TextRows((value, column) -> (String) value, escapeNul);
            for (String text : hostile) {
                StringBuilder out = new StringBuilder("before\n");
                assertThat(rows.append(Arrays.asList(text, null, "1"), 3, out)).isTrue();
                assertThat(out.toString()).as("%s, escapeNul %s", text, escapeNul)
                        .isEqualTo("before\n" + escapedByHand(text, escapeNul) + "\t\\N\t1\n");
            }
        }
    }

    @Test
    void aValueWithoutTextLeavesTheOutputAsItWas() {
        TextRows rows = new TextRows((value, column) -> column == 2 ? null : String.valueOf(value), false);
        StringBuilder out = new StringBuilder("kept\n");
        assertThat(rows.append(Arrays.asList("a\tb", 1, "refused"), 3, out)).isFalse();
        assertThat(out.toString()).isEqualTo("kept\n");
        assertThat(rows.append(Arrays.asList("a\tb", 1), 2, out)).isTrue();
        assertThat(out.toString()).isEqualTo("kept\na\\tb\t1\n");
    }
}
