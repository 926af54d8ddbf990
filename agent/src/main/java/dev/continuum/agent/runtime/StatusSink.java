package dev.continuum.agent.runtime;

import dev.continuum.model.Instance;
import dev.continuum.model.InstanceStatus;

/**
 * Where supervisors send what happened to their Instance. Implementations deliver it to the control
 * plane eventually (keeping only the newest status per Instance while it is unreachable) and must
 * neither block nor throw. Thread-safe.
 */
public interface StatusSink {

    /**
     * Records the newest status of {@code instance} (the object the supervisor was started for: its
     * uid and epoch fence the write, so a status of a replaced run is never written over a newer one).
     */
    void report(Instance instance, InstanceStatus status);
}
