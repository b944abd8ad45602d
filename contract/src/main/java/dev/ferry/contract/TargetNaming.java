package dev.ferry.contract;

/**
 * How the sink names target tables and reaches MySQL-family targets; the {@code ferry} command
 * (verify, sequences) must name and reach them the same way.
 */
public final class TargetNaming {

    /** {@code table.name.format} when the key is empty, on the PostgreSQL family. */
    public static final String POSTGRES_TABLE_NAME_FORMAT = "${source.schema}.${source.table}";
    /** {@code table.name.format} when the key is empty, on MySQL/MariaDB: the URL's database. */
    public static final String MYSQL_TABLE_NAME_FORMAT = "${source.table}";

    private static final String MYSQL_PREFIX = "jdbc:mysql:";
    private static final String MARIADB_PREFIX = "jdbc:mariadb:";

    private TargetNaming() {
    }

    public static boolean isMySqlFamily(String jdbcUrl) {
        return jdbcUrl != null && (jdbcUrl.startsWith(MYSQL_PREFIX) || jdbcUrl.startsWith(MARIADB_PREFIX));
    }

    /** The configured format, or the default of the URL's database family when it is blank. */
    public static String tableNameFormat(String configured, String jdbcUrl) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return isMySqlFamily(jdbcUrl) ? MYSQL_TABLE_NAME_FORMAT : POSTGRES_TABLE_NAME_FORMAT;
    }

    /** The URL for the MariaDB driver, which serves MySQL too: {@code jdbc:mysql:} becomes {@code jdbc:mariadb:}. */
    public static String mariaDbDriverUrl(String jdbcUrl) {
        return jdbcUrl.startsWith(MYSQL_PREFIX) ? MARIADB_PREFIX + jdbcUrl.substring(MYSQL_PREFIX.length()) : jdbcUrl;
    }
}
