package dev.continuum.agent.status;

import dev.continuum.agent.runtime.InstanceKey;
import java.util.List;

/**
 * Statuses waiting to reach the control plane: at most one per Instance, the newest. While the
 * control plane is unreachable this is what the agent remembers to tell it. Implementations may keep
 * it in memory ({@link InMemoryStatusOutbox}) or durably; they must be thread-safe.
 */
public interface StatusOutbox {

    /** Keeps {@code status} as its Instance's newest undelivered status, replacing an older one. */
    void put(PendingStatus status);

    /** Every undelivered status, in the order their Instances first waited. */
    List<PendingStatus> pending();

    /** Removes {@code delivered}, unless a newer status of the same Instance replaced it meanwhile. */
    void delivered(PendingStatus delivered);

    /** Drops whatever waits for an Instance (it was deleted or moved away). */
    void discard(InstanceKey key);
}
