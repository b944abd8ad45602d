package dev.ferry.sink.dialect;

import java.util.List;

/**
 * Rows in the text format both bulk paths read (PostgreSQL's {@code COPY … FROM STDIN} text
 * format, MySQL's {@code LOAD DATA} with tab-separated fields and backslash escapes): one line
 * per row, fields separated by tabs, {@code \N} for NULL, and a backslash before what would end a
 * field or a line. What each value's text is stays the dialect's ({@link ColumnText}).
 */
public final class TextRows {

    /** A value's text for a column, or null if the load cannot store it as a statement would. */
    @FunctionalInterface
    public interface ColumnText {
        String text(Object value, int column);
    }

    private final ColumnText columnText;
    private final boolean escapeNul;

    /** {@code escapeNul}: write NUL as {@code \0} (MySQL; PostgreSQL text cannot hold NUL at all). */
    public TextRows(ColumnText columnText, boolean escapeNul) {
        this.columnText = columnText;
        this.escapeNul = escapeNul;
    }

    /** Appends the row's line to {@code out}; false, with {@code out} unchanged, if a value has no text. */
    public boolean append(List<Object> values, int columns, StringBuilder out) {
        int start = out.length();
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object value = values.get(i);
            if (value == null) {
                out.append("\\N");
                continue;
            }
            String text = columnText.text(value, i);
            if (text == null) {
                out.setLength(start);
                return false;
            }
            escape(text, out);
        }
        out.append('\n');
        return true;
    }

    /** Appends {@code text} escaped, copying the runs between characters to escape whole. */
    private void escape(String text, StringBuilder out) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            String escaped = switch (text.charAt(i)) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\0' -> escapeNul ? "\\0" : null;
                default -> null;
            };
            if (escaped != null) {
                out.append(text, run, i).append(escaped);
                run = i + 1;
            }
        }
        out.append(text, run, text.length());
    }
}
