package dev.ferry.contract;

/**
 * JDBC's {@code DatabaseMetaData.getColumns} takes LIKE patterns for schema and table: an
 * unescaped {@code _} in {@code a_b} also matches a table {@code axb}. The sink and the
 * {@code ferry} command look tables up the same way through this.
 */
public final class MetadataPatterns {

    private MetadataPatterns() {
    }

    /** {@code name} as a pattern that matches only itself, with the driver's search string escape. */
    public static String literal(String name, String escape) {
        if (name == null || escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
