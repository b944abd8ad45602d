package dev.ferry.cli.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the differing rows of a target table from the source: rows missing or different in
 * the target are upserted with the source's values, rows only in the target are deleted once the
 * source is asked again and still lacks them. All in one target transaction, so a failed repair
 * changes nothing.
 */
public final class TableRepairer {

    private final Connection source;
    private final Connection target;
    private final boolean mySqlTarget;

    public TableRepairer(Connection source, Connection target, boolean mySqlTarget) {
        this.source = source;
        this.target = target;
        this.mySqlTarget = mySqlTarget;
    }

    /** Returns the number of rows written or deleted. */
    public int repair(TableResult result, TableMapping mapping) throws SQLException {
        TableShape src = TableShape.read(source, mapping.sourceTable(), false);
        TableShape tgt = TableShape.read(target, mapping.targetTable(), mySqlTarget);
        List<String> sourceColumns = new ArrayList<>();
        List<String> targetColumns = new ArrayList<>();
        for (String column : src.columns()) {
            String match = tgt.find(mapping.targetColumn(column));
            if (match != null) {
                sourceColumns.add(column);
                targetColumns.add(match);
            }
        }
        List<String> targetKey = src.key().stream().map(column -> tgt.find(mapping.targetColumn(column))).toList();
        String selectSource = "SELECT " + SqlNames.list(sourceColumns, false) + " FROM " + SqlNames.table(src, false)
                + " WHERE " + keyPredicate(src.key(), false)
                + (mapping.sourceFilter() == null ? "" : " AND (" + mapping.sourceFilter() + ")");
        String delete = "DELETE FROM " + SqlNames.table(tgt, mySqlTarget) + " WHERE " + keyPredicate(targetKey, mySqlTarget);
        String upsert = upsert(tgt, targetColumns, targetKey);

        boolean autoCommit = target.getAutoCommit();
        target.setAutoCommit(false);
        int changed = 0;
        try (PreparedStatement select = source.prepareStatement(selectSource);
                PreparedStatement deleteRow = target.prepareStatement(delete);
                PreparedStatement upsertRow = target.prepareStatement(upsert)) {
            for (Difference difference : result.differences()) {
                bind(select, difference.key(), 1);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        if (difference.kind() == Difference.Kind.EXTRA_IN_TARGET) {
                            bind(deleteRow, difference.key(), 1);
                            changed += deleteRow.executeUpdate();
                        }
                        // Otherwise deleted at the source (or out of the filter) since it was compared; the stream
                        // deletes it too.
                        continue;
                    }
                    // Re-checked: a row "extra in the target" that the source has now (inserted since the
                    // comparison) is rewritten from the source, never deleted.
                    for (int i = 1; i <= sourceColumns.size(); i++) {
                        Object value = RowValues.read(row, i, src.typeOf(sourceColumns.get(i - 1)));
                        upsertRow.setObject(i, RowValues.forTarget(value, mySqlTarget));
                    }
                }
                upsertRow.executeUpdate();
                changed++;
            }
            target.commit();
        } catch (SQLException e) {
            target.rollback();
            throw e;
        } finally {
            target.setAutoCommit(autoCommit);
        }
        return changed;
    }

    private String upsert(TableShape tgt, List<String> columns, List<String> key) {
        String table = SqlNames.table(tgt, mySqlTarget);
        String placeholders = String.join(", ", columns.stream().map(c -> "?").toList());
        if (mySqlTarget) {
            return "REPLACE INTO " + table + " (" + SqlNames.list(columns, true) + ") VALUES (" + placeholders + ")";
        }
        List<String> updates = columns.stream().filter(c -> !key.contains(c))
                .map(c -> SqlNames.quote(c, false) + " = EXCLUDED." + SqlNames.quote(c, false)).toList();
        return "INSERT INTO " + table + " (" + SqlNames.list(columns, false) + ") VALUES (" + placeholders + ") "
                + "ON CONFLICT (" + SqlNames.list(key, false) + ") DO "
                + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates));
    }

    private static String keyPredicate(List<String> key, boolean mySql) {
        return String.join(" AND ", key.stream().map(c -> SqlNames.quote(c, mySql) + " = ?").toList());
    }

    private void bind(PreparedStatement statement, List<Object> key, int first) throws SQLException {
        for (int i = 0; i < key.size(); i++) {
            statement.setObject(first + i, RowValues.forTarget(key.get(i), false));
        }
    }
}
