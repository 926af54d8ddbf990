package dev.continuum.agent.runtime;

import java.time.Clock;
import java.time.Duration;

/**
 * What every supervisor of an agent shares.
 *
 * @param restartBackoff the first delay before a failed service restarts or a failed fetch is retried
 * @param restartBackoffMax the longest such delay
 * @param healthyAfter a run at least this long resets the backoff
 * @param address the gateway URL reported as a Running Instance's {@code status.address}
 * @param clock time for statuses
 */
public record SupervisorSettings(
        Duration restartBackoff, Duration restartBackoffMax, Duration healthyAfter, String address, Clock clock) {

    /** A service that ran this long without failing starts its backoff over. */
    public static final Duration DEFAULT_HEALTHY_AFTER = java.time.Duration.ofMinutes(10);
}
