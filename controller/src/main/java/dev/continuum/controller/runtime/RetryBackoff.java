package dev.continuum.controller.runtime;

import java.time.Duration;

/**
 * How long to wait before the {@code n}-th retry of a key: {@code base × 2^(n-1)}, at most
 * {@code max}, shortened by up to {@code jitter} (a fraction in [0, 1)) so that keys that failed
 * together do not retry together. Pure.
 */
public record RetryBackoff(Duration base, Duration max, double jitter) {

    /** 50 ms doubling to two minutes, up to 20% jitter: quick for conflicts, gentle on a sick store. */
    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofMillis(50), Duration.ofMinutes(2), 0.2);

    public RetryBackoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got base " + base + ", max " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
    }

    /**
     * The delay before retry number {@code failures} (1 for the first retry).
     *
     * @param random a value in [0, 1) that picks the jitter
     */
    public Duration delay(int failures, double random) {
        int exponent = Math.max(0, Math.min(failures - 1, 62));
        long baseNanos = base.toNanos();
        long maxNanos = max.toNanos();
        long nanos = exponent >= Long.numberOfLeadingZeros(baseNanos) - 1 ? maxNanos : baseNanos << exponent;
        nanos = Math.min(nanos, maxNanos);
        long cut = (long) (nanos * jitter * random);
        return Duration.ofNanos(nanos - cut);
    }
}
