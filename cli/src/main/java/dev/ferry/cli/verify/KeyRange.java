package dev.ferry.cli.verify;

/** Row counts and checksums of one primary-key range on both sides. */
public record KeyRange(String firstKey, String lastKey, long sourceRows, long targetRows, String sourceChecksum,
        String targetChecksum) {

    public boolean matches() {
        return sourceRows == targetRows && sourceChecksum.equals(targetChecksum);
    }
}
