package dev.ferry.cli.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds MySQL target key columns whose collation folds case or accents ({@code _ci}, {@code _ai},
 * as MySQL's defaults do). There, source keys that differ only in case or accents ({@code 'a'} and
 * {@code 'A'}) are one row: the sink's upsert of one replaces the other. Verify compares keys
 * exactly, as the source holds them, so it reports such rows; the note tells the user why.
 */
final class TargetKeyCollation {

    private TargetKeyCollation() {
    }

    static List<String> notes(Connection target, TableShape shape, List<String> keyColumns) throws SQLException {
        List<String> notes = new ArrayList<>();
        String sql = "SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLLATION_NAME IS NOT NULL";
        try (PreparedStatement statement = target.prepareStatement(sql)) {
            statement.setString(1, shape.schema());
            statement.setString(2, shape.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    String collation = rs.getString(2).toLowerCase(Locale.ROOT);
                    if (keyColumns.stream().anyMatch(column::equalsIgnoreCase) && folds(collation)) {
                        notes.add("target key column " + shape.table() + "." + column + " has collation " + collation
                                + ": keys that differ only in case or accents are one row there, and verify lists"
                                + " them as differences; use a _bin collation to keep them apart");
                    }
                }
            }
        }
        return notes;
    }

    static boolean folds(String collation) {
        return collation.contains("_ci") || collation.contains("_ai");
    }
}
