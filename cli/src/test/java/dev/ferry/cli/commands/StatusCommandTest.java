package dev.ferry.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.Ferry;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    @Test
    void aThresholdThatIsNoSizeOrDurationIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = Ferry.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "status",
                "--max-retained-wal", "lots");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--max-retained-wal'")
                .contains("use a size such as 512MB, 1GB or 200kB, not lots");

        err.getBuffer().setLength(0);
        assertThat(Ferry.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "status",
                "--max-latency", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--max-latency'");
    }

    @Test
    void theHelpListsTheExitCodes() {
        StringWriter out = new StringWriter();
        Ferry.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "status", "--help");

        assertThat(out.toString().replaceAll("\\s+", " ")).contains("Exit codes: 0 healthy, 1 the status could not be read, "
                + "2 usage error, 3 a connector or task FAILED, 4 a sink task in its retry window (needs --jmx-url), "
                + "5 latency above --max-latency, 6 retained WAL above --max-retained-wal")
                .contains("--watch[=seconds]");
    }
}
