package dev.continuum.controller;

import dev.continuum.controller.node.LifecycleOptions;
import dev.continuum.controller.runtime.Suffixes;
import dev.continuum.controller.runtime.Timer;
import dev.continuum.scheduler.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How {@link Controllers} run.
 *
 * @param clock every "now" of the controllers (lease expiry, event times, expectation timeouts)
 * @param timer wakes delayed work; null for a wall-clock timer that the controllers own. Tests give a
 *     manual timer that advances with their clock: the two must agree
 * @param ids random lowercase letters and digits (at least five per value) for generated names
 * @param workers worker threads of the Application controller (scheduling and node lifecycle use one
 *     each: the scheduler's cluster state has a single owner, and node checks are cheap)
 * @param leaseCheckInterval how often every node's lease is checked, on top of the check each node
 *     gets when its lease would expire
 * @param defaultLeaseDuration how long a Node without a Lease may stay Ready
 * @param scheduler places Instances; its profiles are the ones components may name
 * @param lifecycle autonomy windows, fencing margin, eviction brakes and the retention of lost nodes
 */
public record ControllerOptions(
        Clock clock,
        Timer timer,
        Supplier<String> ids,
        int workers,
        Duration leaseCheckInterval,
        Duration defaultLeaseDuration,
        Scheduler scheduler,
        LifecycleOptions lifecycle) {

    public ControllerOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(lifecycle, "lifecycle");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (!leaseCheckInterval.isPositive() || !defaultLeaseDuration.isPositive()) {
            throw new IllegalArgumentException("leaseCheckInterval and defaultLeaseDuration must be positive");
        }
    }

    /**
     * UTC wall clock, its own timer, random names, two workers, leases checked every 5 s, 40 s for a
     * node without a lease, the scheduler's default profiles and {@link LifecycleOptions#defaults()}.
     */
    public static ControllerOptions defaults() {
        return new ControllerOptions(
                Clock.systemUTC(),
                null,
                Suffixes.random(),
                2,
                Duration.ofSeconds(5),
                Duration.ofSeconds(40),
                Scheduler.withDefaultProfiles(),
                LifecycleOptions.defaults());
    }

    /** The same options with another clock and the timer that follows it. */
    public ControllerOptions withTime(Clock value, Timer timerValue) {
        return new ControllerOptions(
                value, timerValue, ids, workers, leaseCheckInterval, defaultLeaseDuration, scheduler, lifecycle);
    }

    public ControllerOptions withIds(Supplier<String> value) {
        return new ControllerOptions(
                clock, timer, value, workers, leaseCheckInterval, defaultLeaseDuration, scheduler, lifecycle);
    }

    public ControllerOptions withWorkers(int value) {
        return new ControllerOptions(
                clock, timer, ids, value, leaseCheckInterval, defaultLeaseDuration, scheduler, lifecycle);
    }

    public ControllerOptions withLeaseCheckInterval(Duration value) {
        return new ControllerOptions(clock, timer, ids, workers, value, defaultLeaseDuration, scheduler, lifecycle);
    }

    public ControllerOptions withDefaultLeaseDuration(Duration value) {
        return new ControllerOptions(clock, timer, ids, workers, leaseCheckInterval, value, scheduler, lifecycle);
    }

    public ControllerOptions withLifecycle(LifecycleOptions value) {
        return new ControllerOptions(
                clock, timer, ids, workers, leaseCheckInterval, defaultLeaseDuration, scheduler, value);
    }

    public ControllerOptions withScheduler(Scheduler value) {
        return new ControllerOptions(
                clock, timer, ids, workers, leaseCheckInterval, defaultLeaseDuration, value, lifecycle);
    }
}
