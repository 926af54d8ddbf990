package dev.continuum.controller.runtime;

import java.time.Duration;

/**
 * Runs a task once after a delay: how work queues requeue later and controllers tick. Production
 * uses {@link SystemTimer}; tests drive a manual one together with their clock, so no test waits
 * for wall-clock time.
 *
 * <p>Thread-safe. Tasks run on a thread of the timer's own and must be short (they enqueue work,
 * they do not do it). A task scheduled after the timer closed is dropped.
 */
@FunctionalInterface
public interface Timer {

    /** Runs {@code task} once, no sooner than {@code delay} from now (a negative delay counts as zero). */
    void schedule(Duration delay, Runnable task);
}
