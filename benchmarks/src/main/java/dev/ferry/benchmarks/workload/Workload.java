package dev.ferry.benchmarks.workload;

import dev.ferry.benchmarks.Lab;
import dev.ferry.benchmarks.Measurement;
import java.util.List;

/** One benchmark: prepares its data, measures the database's ceiling and each contender, cleans up. */
public interface Workload {

    /** The name used on the command line and in the results, such as {@code snapshot-accounts}. */
    String name();

    List<Measurement> run(Lab lab) throws Exception;
}
