package dev.ferry.source.throttle;

import dev.ferry.source.config.FerrySourceConfig;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Enforces the snapshot and streaming row and byte limits on the batches the task returns from
 * poll(). Holding a batch back makes Debezium's bounded queue fill, which in turn slows its
 * reading of the database: the limit applies end to end.
 */
public final class RecordThrottle {

    private final RateLimiter snapshotRows;
    private final RateLimiter snapshotBytes;
    private final RateLimiter streamingRows;
    private final RateLimiter streamingBytes;

    public RecordThrottle(FerrySourceConfig config) {
        snapshotRows = limiter(config.snapshotMaxRowsPerSecond());
        snapshotBytes = limiter(config.snapshotMaxBytesPerSecond());
        streamingRows = limiter(config.streamingMaxRowsPerSecond());
        streamingBytes = limiter(config.streamingMaxBytesPerSecond());
    }

    public boolean isActive() {
        return snapshotRows != null || snapshotBytes != null || streamingRows != null || streamingBytes != null;
    }

    /** Sleeps as long as the limits require for {@code records}; returns the nanoseconds slept. */
    public long pace(List<SourceRecord> records) throws InterruptedException {
        if (!isActive() || records.isEmpty()) {
            return 0;
        }
        long snapshotCount = 0;
        long snapshotSize = 0;
        long streamingCount = 0;
        long streamingSize = 0;
        boolean measureBytes = snapshotBytes != null || streamingBytes != null;
        for (SourceRecord record : records) {
            long size = measureBytes ? RecordSizeEstimator.estimate(record.key()) + RecordSizeEstimator.estimate(record.value()) : 0;
            if (isSnapshot(record)) {
                snapshotCount++;
                snapshotSize += size;
            } else {
                streamingCount++;
                streamingSize += size;
            }
        }
        return acquire(snapshotRows, snapshotCount) + acquire(snapshotBytes, snapshotSize)
                + acquire(streamingRows, streamingCount) + acquire(streamingBytes, streamingSize);
    }

    /** Debezium marks snapshot events with source.snapshot other than "false". */
    static boolean isSnapshot(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("source") == null) {
            return false;
        }
        Struct source = envelope.getStruct("source");
        if (source == null || source.schema().field("snapshot") == null) {
            return false;
        }
        Object snapshot = source.get("snapshot");
        return snapshot != null && !"false".equals(snapshot.toString());
    }

    private static long acquire(RateLimiter limiter, long units) throws InterruptedException {
        return limiter == null ? 0 : limiter.acquire(units);
    }

    private static RateLimiter limiter(long perSecond) {
        return perSecond > 0 ? new RateLimiter(perSecond) : null;
    }
}
