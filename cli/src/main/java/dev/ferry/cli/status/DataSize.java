package dev.ferry.cli.status;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as operators write them ({@code 512MB}, {@code 1GB}, {@code 200kB}, {@code 1048576}) and
 * as {@code ferry status} prints them. Units are powers of 1024, as PostgreSQL's
 * {@code pg_size_pretty} and its {@code max_slot_wal_keep_size} read them, so a threshold can be
 * copied from the server's settings.
 */
public final class DataSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?i?b?)?");

    private DataSize() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("use a size such as 512MB, 1GB or 200kB, not " + text);
        }
        String unit = m.group(2) == null || m.group(2).isEmpty() ? "b" : m.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        if (shift == 0 && !unit.equals("b")) {
            throw new IllegalArgumentException("use a size such as 512MB, 1GB or 200kB, not " + text);
        }
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
