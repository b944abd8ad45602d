package dev.ferry.cli.verify;

import java.util.List;

/** One key whose row differs: missing in the target, extra in the target, or with other values. */
public record Difference(Kind kind, List<Object> key, String keyText) {

    public enum Kind {
        MISSING_IN_TARGET("missing in target"), EXTRA_IN_TARGET("extra in target"), DIFFERENT("different values");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
