package dev.ferry.benchmarks.workload;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a latency probe's time goes, from the timestamps each change event carries: the source
 * commit ({@code source.ts_ms}), the moment Debezium built the event ({@code ts_ms}), the moment
 * Connect's producer took the record (its Kafka timestamp: Connect leaves it to the producer) and
 * the target poll that first saw the row. Medians and p99 per stage, in milliseconds, so a change
 * to one stage is measured rather than guessed.
 */
final class LatencyStages {

    private LatencyStages() {
    }

    /**
     * {@code seenMicros} maps each probe id to the wall-clock microsecond its row was first seen in
     * the target; records of other ids (warm-up probes) are ignored. Every probe's stages go to
     * {@code csv} (commit time, then the three stages in ms), to see when a slow one happened.
     * {@code events} reads a record's value as JSON, in the run's format (null when it is none).
     */
    static Map<String, Double> of(List<ConsumerRecord<byte[], byte[]>> records, Map<Long, Long> seenMicros, Path csv,
            Function<byte[], JsonNode> events) throws IOException {
        StringBuilder lines = new StringBuilder("id,commit_ms,commit_to_event_ms,event_to_producer_ms,producer_to_target_ms\n");
        List<Long> decode = new ArrayList<>();
        List<Long> handOver = new ArrayList<>();
        List<Long> sink = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode payload = events.apply(record.value());
            if (payload == null || !payload.path("after").has("id")) {
                continue;
            }
            Long seen = seenMicros.get(payload.path("after").path("id").asLong());
            if (seen == null) {
                continue;
            }
            long committedMs = payload.path("source").path("ts_ms").asLong();
            long builtMs = payload.path("ts_ms").asLong();
            decode.add((builtMs - committedMs) * 1000);
            handOver.add((record.timestamp() - builtMs) * 1000);
            sink.add(seen - record.timestamp() * 1000);
            lines.append(payload.path("after").path("id").asLong()).append(',').append(committedMs).append(',')
                    .append(builtMs - committedMs).append(',').append(record.timestamp() - builtMs).append(',')
                    .append((seen - record.timestamp() * 1000) / 1000).append('\n');
        }
        Files.writeString(csv, lines);
        Map<String, Double> stages = new LinkedHashMap<>();
        put(stages, "commit_to_event", decode);
        put(stages, "event_to_producer", handOver);
        put(stages, "producer_to_target", sink);
        return stages;
    }

    private static void put(Map<String, Double> stages, String stage, List<Long> micros) {
        Map<String, Double> percentiles = LatencyWorkload.percentiles(micros);
        if (!percentiles.isEmpty()) {
            stages.put(stage + "_p50_ms", percentiles.get("p50_ms"));
            stages.put(stage + "_p99_ms", percentiles.get("p99_ms"));
        }
    }
}
