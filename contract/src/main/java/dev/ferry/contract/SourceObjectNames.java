package dev.ferry.contract;

import java.util.Locale;

/**
 * The names of the objects Ferry's source owns on the PostgreSQL source: replication slot,
 * publication and heartbeat table. The connector creates them and the {@code ferry} command finds
 * and drops them by these rules, so both must compute them here.
 */
public final class SourceObjectNames {

    /** Default of the source's {@code heartbeat.table}. */
    public static final String HEARTBEAT_TABLE = "public.ferry_heartbeat";
    /** The heartbeat table's name without schema, which the sink recognises heartbeats by. */
    public static final String HEARTBEAT_TABLE_NAME = "ferry_heartbeat";

    private static final int MAX_IDENTIFIER_LENGTH = 63;

    private SourceObjectNames() {
    }

    /** {@code configured} when set, otherwise {@link #defaultName(String) ferry_<prefix>}. */
    public static String slotName(String configured, String topicPrefix) {
        return configured == null || configured.isBlank() ? defaultName(topicPrefix) : configured;
    }

    /** {@code configured} when set, otherwise {@link #defaultName(String) ferry_<prefix>}. */
    public static String publicationName(String configured, String topicPrefix) {
        return configured == null || configured.isBlank() ? defaultName(topicPrefix) : configured;
    }

    /**
     * {@code ferry_<prefix>} made a valid unquoted PostgreSQL identifier (lower case, other
     * characters as {@code _}, at most 63 characters), for slot and publication.
     */
    public static String defaultName(String topicPrefix) {
        String name = "ferry_" + (topicPrefix == null ? "" : topicPrefix).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        return name.length() > MAX_IDENTIFIER_LENGTH ? name.substring(0, MAX_IDENTIFIER_LENGTH) : name;
    }
}
