package dev.ferry.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak resident memory of one process, read from Linux's {@code /proc}: the Connect
 * worker JVM whose cost a benchmark reports.
 */
final class WorkerUsage {

    /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;

    WorkerUsage(long pid) {
        this.pid = pid;
    }

    /** User plus system CPU seconds the process has used so far. */
    double cpuSeconds() {
        String stat = read("stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /** The largest resident set the process has had (VmHWM), in MiB. */
    long peakRssMib() {
        for (String line : read("status").split("\n")) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file + " (is the worker still running?)", e);
        }
    }
}
