package dev.ferry.transforms.rename;

import java.util.Locale;

/** How destination names are cased after the rules: as they are, or folded to lower or upper case. */
public enum CasePolicy {
    KEEP, LOWER, UPPER;

    String apply(String name) {
        return switch (this) {
            case KEEP -> name;
            case LOWER -> name.toLowerCase(Locale.ROOT);
            case UPPER -> name.toUpperCase(Locale.ROOT);
        };
    }
}
