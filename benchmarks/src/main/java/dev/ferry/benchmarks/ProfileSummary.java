package dev.ferry.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a worker's CPU went, from a {@code --jfr} recording: the share of execution samples per
 * method on top of the stack (self time) and per code area anywhere on the stack (total time), for
 * the threads whose name contains a filter (a task thread, such as {@code task-thread-NAME}).
 *
 * <pre>java -cp … dev.ferry.benchmarks.ProfileSummary worker.jfr [thread-filter] [rows]</pre>
 */
public final class ProfileSummary {

    /** Code areas worth telling apart: the first prefix a frame's class matches names it. */
    private static final List<String> AREAS = List.of("dev.ferry.", "io.debezium.", "org.apache.kafka.connect.json.",
            "org.apache.kafka.connect.runtime.", "org.apache.kafka.clients.producer.", "org.apache.kafka.clients.consumer.",
            "org.apache.kafka.common.", "com.fasterxml.jackson.", "org.postgresql.", "org.mariadb.", "org.hibernate.",
            "java.util.regex.", "java.", "jdk.", "sun.");

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        String threadFilter = args.length > 1 ? args[1] : "";
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? "" : event.getThread("sampledThread").getJavaName();
            if (thread == null || !thread.contains(threadFilter)) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            threads.merge(thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
            self.merge(method(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String area = area(frame.getMethod().getType().getName());
                if (seen.add(area)) {
                    areas.merge(area, 1, Integer::sum);
                }
            }
        }
        System.out.printf("%d samples on threads matching '%s'%n%nself time by method:%n", samples, threadFilter);
        print(self, samples, rows);
        System.out.printf("%nsamples by thread (digits as N):%n");
        print(threads, samples, 8);
        System.out.printf("%ntotal time by code area (a sample counts once for every area on its stack):%n");
        print(areas, samples, rows);
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String area(String className) {
        return AREAS.stream().filter(className::startsWith).findFirst().orElse("other");
    }

    private static void print(Map<String, Integer> counts, int samples, int rows) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.printf("%6.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}
