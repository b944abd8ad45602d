package dev.ferry.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusWatchTest {

    @Test
    void onATerminalEachFrameOverwritesTheLastInPlace() {
        String screen = watch(true, 2);

        assertThat(screen).isEqualTo("\u001b[Hframe 1\u001b[K\n\u001b[J\u001b[Hframe 2\u001b[K\n\u001b[J");
    }

    @Test
    void pipedIntoAFileTheFramesFollowEachOtherWithoutEscapes() {
        assertThat(watch(false, 2)).isEqualTo("frame 1\n\nframe 2\n\n").doesNotContain("\u001b");
    }

    @Test
    void sleepsTheIntervalBetweenFramesAndStopsWhenInterrupted() {
        List<Duration> sleeps = new ArrayList<>();
        StringWriter text = new StringWriter();
        new StatusWatch(new PrintWriter(text), false, Duration.ofSeconds(5), d -> {
            sleeps.add(d);
            if (sleeps.size() == 3) {
                throw new InterruptedException();
            }
        }).run(() -> "x\n");

        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }

    private static String watch(boolean terminal, int frames) {
        StringWriter text = new StringWriter();
        AtomicInteger shown = new AtomicInteger();
        new StatusWatch(new PrintWriter(text), terminal, Duration.ofSeconds(1), d -> {
            if (shown.get() == frames) {
                throw new InterruptedException();
            }
        }).run(() -> "frame " + shown.incrementAndGet() + "\n");
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
