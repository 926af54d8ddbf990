package dev.continuum.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: the n-th consecutive failure waits a random time between
 * half and all of {@code min(initial * 2^n, max)}, so that many agents cut off together do not all
 * come back in the same millisecond. Not thread-safe.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private long currentNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.currentNanos = initialNanos;
    }

    /** The wait before the next retry; each call doubles the next one, up to the cap. */
    Duration next() {
        long ceiling = currentNanos;
        currentNanos = Math.min(maxNanos, currentNanos * 2);
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    void reset() {
        currentNanos = initialNanos;
    }
}
