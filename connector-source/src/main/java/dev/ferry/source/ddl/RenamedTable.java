package dev.ferry.source.ddl;

import dev.ferry.source.config.QualifiedTableName;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a table had before {@code ALTER TABLE … RENAME TO}: the event trigger sees the table
 * after the command, under its new name, so the old one is read from the statement. A rename
 * keeps the table's schema.
 */
final class RenamedTable {

    private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final Pattern RENAME = Pattern.compile("(?is)\\balter\\s+table\\s+(?:if\\s+exists\\s+)?"
            + "(?:only\\s+)?(?:" + IDENTIFIER + "\\s*\\.\\s*)?(" + IDENTIFIER + ")\\s*\\*?\\s+rename\\s+to\\s+("
            + IDENTIFIER + ")");

    private RenamedTable() {
    }

    /** Whether {@code statement} renames a table. */
    static boolean renames(String statement) {
        return statement != null && RENAME.matcher(statement).find();
    }

    /**
     * The name {@code renamed} had before the statement's {@code RENAME TO} that gave it its name
     * (the statement may hold several); null when none did.
     */
    static QualifiedTableName before(String statement, QualifiedTableName renamed) {
        if (statement == null) {
            return null;
        }
        Matcher matcher = RENAME.matcher(statement);
        while (matcher.find()) {
            if (name(matcher.group(2)).equals(renamed.table())) {
                return new QualifiedTableName(renamed.schema(), name(matcher.group(1)));
            }
        }
        return null;
    }

    /** An identifier as the catalog keeps it: quoted ones as written, others folded to lower case. */
    private static String name(String identifier) {
        return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
                : identifier.toLowerCase(Locale.ROOT);
    }
}
