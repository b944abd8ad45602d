package dev.ferry.contract;

import java.util.List;

/**
 * JVM options for every JVM that runs Ferry's plugins: the {@code ferry} command's workers, the
 * benchmarks' and tests' workers, the Docker Compose worker, and (README, "Worker JVM options")
 * users' Connect workers.
 *
 * <p>They raise HotSpot's recompilation cutoffs from 400 and 200 to 10,000. C2 compiles a branch
 * that was never taken as a trap back to the interpreter. After the methods it inlines add up to
 * 201 deoptimizations (half the per-method cutoff), C2 makes every such trap "action none": the
 * trap no longer leads to a recompile. A sink compiled while it read only snapshot rows
 * ({@code op=r}) then leaves compiled code for every update and delete after the snapshot. The
 * benchmarks measured 100,000–700,000 such deoptimizations in one apply run, at random,
 * and forced them every time with the cutoff lowered to 2 (benchmarks/RESULTS.md). That is
 * HotSpot bug JDK-8374307; Trino's default jvm.config uses the same two options.
 */
public final class WorkerJvmOptions {

    public static final List<String> JIT = List.of(
            "-XX:PerMethodRecompilationCutoff=10000",
            "-XX:PerBytecodeRecompilationCutoff=10000");

    private WorkerJvmOptions() {
    }
}
