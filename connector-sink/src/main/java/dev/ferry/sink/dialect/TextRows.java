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
    private final StringBuilder row = new StringBuilder();

    /** {@code escapeNul}: write NUL as {@code \0} (MySQL; PostgreSQL text cannot hold NUL at all). */
    public TextRows(ColumnText columnText, boolean escapeNul) {
        this.columnText = columnText;
        this.escapeNul = escapeNul;
    }

    /** Appends the row's line to {@code out}; false, with {@code out} unchanged, if a value has no text. */
    public boolean append(List<Object> values, int columns, StringBuilder out) {
        row.setLength(0);
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                row.append('\t');
            }
            Object value = values.get(i);
            if (value == null) {
                row.append("\\N");
                continue;
            }
            String text = columnText.text(value, i);
            if (text == null) {
                return false;
            }
            escape(text);
        }
        out.append(row).append('\n');
        return true;
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                case '\t' -> row.append("\\t");
                case '\0' -> row.append(escapeNul ? "\\0" : "\0");
                default -> row.append(c);
            }
        }
    }
}
