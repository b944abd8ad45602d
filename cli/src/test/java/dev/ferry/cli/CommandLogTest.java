package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.commands.UpCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLogTest {

    @Test
    void theLogFileLivesUnderTheGivenDataDirectory() {
        assertThat(CommandLog.logFile(List.of("up", "--data-dir", "/var/lib/ferry")))
                .isEqualTo(Path.of("/var/lib/ferry/logs/ferry.log"));
        assertThat(CommandLog.logFile(List.of("up", "--data-dir=/srv/f"))).isEqualTo(Path.of("/srv/f/logs/ferry.log"));
    }

    @Test
    void everyOtherCommandLogsUnderTheDefaultDataDirectoryOfFerryUp() {
        CommandLine up = new CommandLine(new UpCommand());
        up.parseArgs();
        Path upDataDir = up.getCommandSpec().findOption("--data-dir").getValue();
        assertThat(CommandLog.logFile(List.of("demo"))).isEqualTo(upDataDir.resolve("logs").resolve("ferry.log"))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".ferry", "data", "logs", "ferry.log"));
        assertThat(CommandLog.logFile(List.of("up"))).isEqualTo(CommandLog.logFile(List.of("status")));
    }
}
