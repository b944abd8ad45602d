package dev.ferry.source.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limiter's arithmetic on a fake clock: how long it asks to sleep, never how long it takes. */
class RateLimiterTest {

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private RateLimiter limiter(long perSecond) {
        return new RateLimiter(perSecond, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void firstBatchPassesAndLaterBatchesWaitForTheirShareOfTheSecond() throws InterruptedException {
        RateLimiter limiter = limiter(100);
        assertThat(limiter.acquire(50)).as("nanoseconds slept, for the metrics").isZero();
        assertThat(limiter.acquire(50)).isEqualTo(500_000_000L);
        assertThat(limiter.acquire(100)).isEqualTo(500_000_000L);
        assertThat(sleeps).containsExactly(500_000_000L, 500_000_000L);
    }

    @Test
    void idleTimeEarnsNoCredit() throws InterruptedException {
        RateLimiter limiter = limiter(10);
        limiter.acquire(10);
        now += 5_000_000_000L;
        limiter.acquire(10);
        limiter.acquire(10);
        assertThat(sleeps).containsExactly(1_000_000_000L);
    }

    @Test
    void zeroUnitsCostNothing() throws InterruptedException {
        RateLimiter limiter = limiter(1);
        limiter.acquire(0);
        limiter.acquire(0);
        assertThat(sleeps).isEmpty();
    }
}
