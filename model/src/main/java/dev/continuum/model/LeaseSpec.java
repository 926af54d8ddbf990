package dev.continuum.model;

import java.time.Duration;
import java.time.Instant;

/**
 * Who holds the lease, when it was last renewed and for how long a renewal counts.
 *
 * @param duration a lease not renewed for this long has expired
 */
public record LeaseSpec(String holder, Instant acquireTime, Instant renewTime, Duration duration) {

    /** True when the lease was never renewed or its last renewal is older than its duration. */
    public boolean expiredAt(Instant now) {
        return renewTime == null || duration == null || renewTime.plus(duration).isBefore(now);
    }
}
