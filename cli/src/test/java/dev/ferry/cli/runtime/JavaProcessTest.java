package dev.ferry.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.contract.WorkerJvmOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTest {

    /** The child JVM: prints the options it was started with. */
    public static final class PrintJvmOptions {
        public static void main(String[] args) {
            System.out.println("options: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }

    @Test
    void kafkasAndConnectsJvmsRunWithTheWorkerJvmOptions(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        JavaProcess.run("probe", System.getProperty("java.class.path"), PrintJvmOptions.class.getName(), log);

        String printed = Files.readString(log);
        assertThat(printed).contains("options: ").contains("-Xmx512m");
        assertThat(WorkerJvmOptions.JIT).isNotEmpty().allSatisfy(option -> assertThat(printed).contains(option));
    }
}
