package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLogTest {

    @Test
    void theLogFileLivesUnderTheDataDirectoryOrTheUsersFerryDirectory() {
        assertThat(CommandLog.logFile(List.of("up", "--data-dir", "/var/lib/ferry")))
                .isEqualTo(Path.of("/var/lib/ferry/logs/ferry.log"));
        assertThat(CommandLog.logFile(List.of("up", "--data-dir=/srv/f"))).isEqualTo(Path.of("/srv/f/logs/ferry.log"));
        assertThat(CommandLog.logFile(List.of("demo")))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".ferry", "logs", "ferry.log"));
    }
}
