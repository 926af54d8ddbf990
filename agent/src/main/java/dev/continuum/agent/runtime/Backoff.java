package dev.continuum.agent.runtime;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial}, doubling on every failure up to {@code max}; a run that
 * lasted at least {@code healthyAfter} resets it, so a service that crashes once a day waits
 * {@code initial}, not {@code max}. Not thread-safe; one per supervisor.
 *
 * <pre>
 *   failure after a short run  -> delay = current; current = min(2 * current, max)
 *   failure after a long run   -> delay = initial; current = min(2 * initial, max)
 * </pre>
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final Duration healthyAfter;
    private Duration current;

    public Backoff(Duration initial, Duration max, Duration healthyAfter) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.healthyAfter = healthyAfter;
        this.current = initial;
    }

    /** The delay before the next attempt, after an attempt that ran for {@code ranFor}. */
    public Duration next(Duration ranFor) {
        if (ranFor.compareTo(healthyAfter) >= 0) {
            current = initial;
        }
        Duration delay = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    /** Starts over at {@code initial}. */
    public void reset() {
        current = initial;
    }
}
