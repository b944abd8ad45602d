package dev.ferry.transforms.rename;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ExpressionRenamerTest {

    private static final Map<String, String> RENAMES = Map.of("total", "amount", "Odd \"x\"", "plain", "lower", "l");
    private static final UnaryOperator<String> COLUMN = name -> RENAMES.getOrDefault(name, name);

    @Test
    void renamesColumnReferencesButNotFunctionsTypesOrLiterals() {
        assertThat(ExpressionRenamer.rename("((total >= (0)::numeric) AND (note <> 'total'::text))", COLUMN))
                .isEqualTo("((\"amount\" >= (0)::numeric) AND (note <> 'total'::text))");
        assertThat(ExpressionRenamer.rename("lower((\"Odd \"\"x\"\"\")::text)", COLUMN))
                .isEqualTo("lower((\"plain\")::text)");
        assertThat(ExpressionRenamer.rename("(lower IS NOT NULL)", COLUMN)).isEqualTo("(\"l\" IS NOT NULL)");
        assertThat(ExpressionRenamer.rename("('it''s total' = total)", COLUMN)).isEqualTo("('it''s total' = \"amount\")");
        assertThat(ExpressionRenamer.rename(null, COLUMN)).isNull();
    }
}
