package dev.ferry.cli.verify;

import java.util.List;
import java.util.stream.Collectors;

/** Identifier quoting for the two target families; no SQL is built from unquoted names. */
final class SqlNames {

    private SqlNames() {
    }

    static String quote(String identifier, boolean mySql) {
        return mySql ? "`" + identifier.replace("`", "``") + "`" : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String table(TableShape shape, boolean mySql) {
        return quote(shape.schema(), mySql) + "." + quote(shape.table(), mySql);
    }

    static String list(List<String> identifiers, boolean mySql) {
        return identifiers.stream().map(i -> quote(i, mySql)).collect(Collectors.joining(", "));
    }

    static boolean isText(String type) {
        return type.contains("char") || type.equals("text") || type.equals("uuid") || type.equals("citext")
                || type.equals("name") || type.equals("bpchar");
    }
}
