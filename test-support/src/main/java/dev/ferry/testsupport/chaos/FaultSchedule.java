package dev.ferry.testsupport.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The faults one chaos run applies, derived from a seed alone: the same seed gives the same faults
 * at the same moments against the same workers, so a failing seed reruns exactly (the workload's
 * statements are drawn from the seed too; only the machine's timing differs).
 *
 * @param seed the seed, printed with every run
 * @param sinkExactlyOnce whether the sinks run with {@code exactly.once=true}: at random, and always
 *     under a frozen worker, because only the exactly-once ledger fences a sink task that wakes up
 *     after its partitions moved (an at-least-once sink may then apply a stale batch: see README)
 * @param faults in the order they start
 */
public record FaultSchedule(long seed, boolean sinkExactlyOnce, List<Step> faults) {

    /**
     * One fault: what, against which worker or connector (an index the runner maps), when after
     * the workload started, and for how long before it heals.
     */
    public record Step(Fault fault, int target, long atMillis, long forMillis) {

        @Override
        public String toString() {
            return fault + "(target " + target + ") at " + atMillis + " ms for " + forMillis + " ms";
        }
    }

    /** How long the workload writes to the source before the pipeline is left to drain. */
    public static final long WORKLOAD_MILLIS = 7000;

    /**
     * The schedule for {@code seed}: a first fault of the kind the seed selects in turn (seeds
     * 0..7 cover every kind), and for half of the seeds a second fault of a random kind.
     */
    public static FaultSchedule of(long seed, int workers) {
        Random random = new Random(seed);
        Fault[] kinds = Fault.values();
        List<Step> steps = new ArrayList<>();
        steps.add(step(kinds[(int) Math.floorMod(seed, (long) kinds.length)], random, workers));
        if (random.nextBoolean()) {
            steps.add(step(kinds[random.nextInt(kinds.length)], random, workers));
        }
        steps.sort(Comparator.comparingLong(Step::atMillis));
        boolean exactlyOnce = random.nextBoolean() || steps.stream().anyMatch(s -> s.fault() == Fault.FREEZE_WORKER);
        return new FaultSchedule(seed, exactlyOnce, List.copyOf(steps));
    }

    private static Step step(Fault fault, Random random, int workers) {
        // Early enough to land in the snapshot now and then (it takes a few seconds), late enough to hit streaming.
        long at = 500 + random.nextInt(5500);
        long duration = switch (fault) {
            case KILL_WORKER -> random.nextInt(4000);
            case FREEZE_WORKER -> ConnectCluster.SESSION_TIMEOUT_MS + 2000 + random.nextInt(6000);
            case RESTART_SOURCE, RESTART_BROKER -> 1000 + random.nextInt(6000);
            case TARGET_OUTAGE -> 5000 + random.nextInt(20000);
            case PAUSE_RESUME -> 1000 + random.nextInt(5000);
            case RECONFIGURE, WORKER_JOINS -> 0;
        };
        return new Step(fault, random.nextInt(workers), at, duration);
    }

    @Override
    public String toString() {
        return "seed " + seed + (sinkExactlyOnce ? " (sinks exactly.once=true): " : ": ")
                + faults.stream().map(Step::toString).collect(Collectors.joining(", "));
    }
}
