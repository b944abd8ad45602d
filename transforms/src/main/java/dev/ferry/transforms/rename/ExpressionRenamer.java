package dev.ferry.transforms.rename;

import java.util.function.UnaryOperator;

/**
 * Renames the column references inside a PostgreSQL expression as {@code pg_get_expr} prints it
 * (a CHECK, an index key or predicate): each identifier, bare or double-quoted, that is not a
 * function name, a type after {@code ::} or inside a string literal, is mapped and written quoted
 * when its name changes.
 */
final class ExpressionRenamer {

    private ExpressionRenamer() {
    }

    static String rename(String expression, UnaryOperator<String> column) {
        if (expression == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(expression.length());
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\'') {
                int end = endOfQuoted(expression, i, '\'');
                out.append(expression, i, end);
                i = end;
            } else if (c == '"' || Character.isLetter(c) || c == '_') {
                int end = c == '"' ? endOfQuoted(expression, i, '"') : endOfWord(expression, i);
                String token = expression.substring(i, end);
                String name = c == '"' ? token.substring(1, token.length() - 1).replace("\"\"", "\"") : token;
                boolean type = out.length() >= 2 && out.substring(out.length() - 2).equals("::");
                boolean function = end < expression.length() && expression.charAt(end) == '(';
                String renamed = type || function ? name : column.apply(name);
                out.append(renamed.equals(name) ? token : '"' + renamed.replace("\"", "\"\"") + '"');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after a quoted token starting at {@code start}; a doubled quote stays inside. */
    private static int endOfQuoted(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private static int endOfWord(String text, int start) {
        int i = start;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                || text.charAt(i) == '$')) {
            i++;
        }
        return i;
    }
}
