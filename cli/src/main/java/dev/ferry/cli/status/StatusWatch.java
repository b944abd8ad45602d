package dev.ferry.cli.status;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code ferry status --watch}: renders a frame, waits, renders again until interrupted
 * (Ctrl-C). On a terminal each frame overwrites the last in place (cursor home, each line
 * cleared to its end, the rest of the screen cleared) instead of clearing the screen first,
 * which would flicker; piped into a file or a log the frames simply follow each other.
 */
public final class StatusWatch {

    static final String HOME = "\u001b[H";
    static final String CLEAR_LINE_END = "\u001b[K";
    static final String CLEAR_SCREEN_END = "\u001b[J";

    /** Waits between frames; a test passes one that stops the loop. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final PrintWriter out;
    private final boolean terminal;
    private final Duration interval;
    private final Sleeper sleeper;

    public StatusWatch(PrintWriter out, boolean terminal, Duration interval, Sleeper sleeper) {
        this.out = out;
        this.terminal = terminal;
        this.interval = interval;
        this.sleeper = sleeper;
    }

    /** Runs until the sleep is interrupted; {@code frame} renders one refresh as text. */
    public void run(Supplier<String> frame) {
        while (true) {
            show(frame.get());
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void show(String text) {
        if (!terminal) {
            out.print(text);
            out.println();
            out.flush();
            return;
        }
        StringBuilder screen = new StringBuilder(HOME);
        text.lines().forEach(line -> screen.append(line).append(CLEAR_LINE_END).append(System.lineSeparator()));
        screen.append(CLEAR_SCREEN_END);
        out.print(screen);
        out.flush();
    }
}
