package dev.ferry.cli.verify;

import dev.ferry.cli.FerryException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Compares a source table with its target table. Both are read once, ordered by the primary key
 * (text keys in code-point order on both sides, see {@link KeyOrder}), and merged: per key range
 * of {@code chunkSize} rows it records counts and SHA-256 checksums of the normalized rows, and it
 * lists every key that is missing, extra or different.
 */
public final class TableVerifier {

    private final Connection source;
    private final Connection target;
    private final boolean mySqlTarget;
    private final int chunkSize;

    public TableVerifier(Connection source, Connection target, boolean mySqlTarget, int chunkSize) {
        this.source = source;
        this.target = target;
        this.mySqlTarget = mySqlTarget;
        this.chunkSize = chunkSize;
    }

    /** Compares; {@code progress} receives the number of source rows read so far. */
    public TableResult verify(TableMapping mapping, LongConsumer progress) throws SQLException {
        String sourceTable = mapping.sourceTable();
        String targetTable = mapping.targetTable();
        TableShape src = TableShape.read(source, sourceTable, false);
        TableShape tgt = TableShape.read(target, targetTable, mySqlTarget);
        if (src.key().isEmpty()) {
            throw new FerryException("table " + sourceTable + " has no primary key: verify compares "
                    + "rows by key");
        }
        List<String> sourceColumns = new ArrayList<>();
        List<String> targetColumns = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String column : src.columns()) {
            String match = tgt.find(mapping.targetColumn(column));
            if (match == null) {
                missing.add(mapping.targetColumn(column));
            } else {
                sourceColumns.add(column);
                targetColumns.add(match);
            }
        }
        List<String> targetKey = new ArrayList<>();
        for (String column : src.key()) {
            String match = tgt.find(mapping.targetColumn(column));
            if (match == null) {
                return new TableResult(sourceTable, targetTable, 0, 0, List.of(), List.of(), missing, List.of());
            }
            targetKey.add(match);
        }
        List<String> notes = mySqlTarget ? TargetKeyCollation.notes(target, tgt, targetKey) : List.of();
        boolean autoCommit = source.getAutoCommit();
        source.setAutoCommit(false);
        if (!mySqlTarget) {
            target.setAutoCommit(false);
        }
        try (PreparedStatement s = source.prepareStatement(select(src, sourceColumns, src.key(), false,
                mapping.whereClause()));
                PreparedStatement t = target.prepareStatement(select(tgt, targetColumns, targetKey, mySqlTarget, ""))) {
            s.setFetchSize(2000);
            t.setFetchSize(2000);
            try (ResultSet sourceRows = s.executeQuery(); ResultSet targetRows = t.executeQuery()) {
                Merge merge = new Merge(new Side(sourceRows, src, sourceColumns, src.key()),
                        new Side(targetRows, tgt, targetColumns, targetKey), progress);
                merge.run();
                return new TableResult(sourceTable, targetTable, merge.sourceCount, merge.targetCount, merge.ranges,
                        merge.differences, missing, notes);
            }
        } finally {
            source.commit();
            source.setAutoCommit(autoCommit);
            if (!mySqlTarget) {
                target.commit();
                target.setAutoCommit(true);
            }
        }
    }

    private static String select(TableShape shape, List<String> columns, List<String> key, boolean mySql,
            String where) {
        List<String> order = new ArrayList<>();
        for (String column : key) {
            String quoted = SqlNames.quote(column, mySql);
            boolean text = SqlNames.isText(shape.typeOf(column));
            // Byte order of the UTF-8 text on both sides, whatever the column's collation or type
            // (uuid takes no COLLATE, citext would sort case-insensitively): see KeyOrder.
            order.add(!text ? quoted
                    : mySql ? "CAST(" + quoted + " AS BINARY)" : "CAST(" + quoted + " AS text) COLLATE \"C\"");
        }
        List<String> selected = new ArrayList<>(key);
        selected.addAll(columns);
        return "SELECT " + SqlNames.list(selected, mySql) + " FROM " + SqlNames.table(shape, mySql) + where
                + " ORDER BY " + String.join(", ", order);
    }

    /** One side of the merge: rows as (raw key, comparable key, normalized row). */
    private static final class Side {
        private final ResultSet rows;
        private final List<String> types = new ArrayList<>();
        private final int keySize;
        private final int columnCount;
        List<Object> rawKey;
        List<Object> key;
        String row;

        Side(ResultSet rows, TableShape shape, List<String> columns, List<String> key) {
            this.rows = rows;
            key.forEach(column -> types.add(shape.typeOf(column)));
            columns.forEach(column -> types.add(shape.typeOf(column)));
            this.keySize = key.size();
            this.columnCount = key.size() + columns.size();
        }

        boolean next() throws SQLException {
            if (!rows.next()) {
                key = null;
                return false;
            }
            rawKey = new ArrayList<>(keySize);
            key = new ArrayList<>(keySize);
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= columnCount; i++) {
                Object value = RowValues.read(rows, i, types.get(i - 1));
                if (i <= keySize) {
                    rawKey.add(value);
                    key.add(comparable(value));
                } else {
                    text.append(i == keySize + 1 ? "" : " | ").append(RowValues.normalize(value));
                }
            }
            row = text.toString();
            return true;
        }

        private static Object comparable(Object value) throws SQLException {
            if (value instanceof Number number && !(value instanceof BigDecimal)) {
                return new BigDecimal(number.toString());
            }
            return value instanceof BigDecimal ? value : RowValues.normalize(value);
        }
    }

    private final class Merge {
        private final Side src;
        private final Side tgt;
        private final LongConsumer progress;
        final List<KeyRange> ranges = new ArrayList<>();
        final List<Difference> differences = new ArrayList<>();
        long sourceCount;
        long targetCount;
        private MessageDigest sourceDigest = digest();
        private MessageDigest targetDigest = digest();
        private long rangeSource;
        private long rangeTarget;
        private String firstKey;
        private String lastKey;

        Merge(Side src, Side tgt, LongConsumer progress) {
            this.src = src;
            this.tgt = tgt;
            this.progress = progress;
        }

        void run() throws SQLException {
            src.next();
            tgt.next();
            while (src.key != null || tgt.key != null) {
                int cmp = src.key == null ? 1 : tgt.key == null ? -1 : KeyOrder.compare(src.key, tgt.key);
                String keyText = keyText(cmp <= 0 ? src.key : tgt.key);
                firstKey = firstKey == null ? keyText : firstKey;
                lastKey = keyText;
                if (cmp <= 0) {
                    add(sourceDigest, keyText, src.row);
                    rangeSource++;
                    sourceCount++;
                }
                if (cmp >= 0) {
                    add(targetDigest, keyText, tgt.row);
                    rangeTarget++;
                    targetCount++;
                }
                if (cmp == 0 && !src.row.equals(tgt.row)) {
                    differences.add(new Difference(Difference.Kind.DIFFERENT, src.rawKey, keyText));
                } else if (cmp < 0) {
                    differences.add(new Difference(Difference.Kind.MISSING_IN_TARGET, src.rawKey, keyText));
                } else if (cmp > 0) {
                    differences.add(new Difference(Difference.Kind.EXTRA_IN_TARGET, tgt.rawKey, keyText));
                }
                if (cmp <= 0) {
                    src.next();
                    if (sourceCount % 1000 == 0) {
                        progress.accept(sourceCount);
                    }
                }
                if (cmp >= 0) {
                    tgt.next();
                }
                if (rangeSource + rangeTarget >= 2L * chunkSize) {
                    closeRange();
                }
            }
            closeRange();
            progress.accept(sourceCount);
        }

        private void closeRange() {
            if (firstKey == null) {
                return;
            }
            ranges.add(new KeyRange(firstKey, lastKey, rangeSource, rangeTarget,
                    HexFormat.of().formatHex(sourceDigest.digest()), HexFormat.of().formatHex(targetDigest.digest())));
            sourceDigest = digest();
            targetDigest = digest();
            rangeSource = 0;
            rangeTarget = 0;
            firstKey = null;
        }

        private void add(MessageDigest digest, String key, String row) {
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(row.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
    }

    private static String keyText(List<Object> key) {
        return key.size() == 1 ? String.valueOf(key.get(0)) : key.toString();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
