package dev.continuum.agent.status;

import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.model.InstanceStatus;

/**
 * A status a supervisor reported and the control plane has not acknowledged yet.
 *
 * @param uid the Instance's uid when its supervisor started: a recreated Instance of the same name is
 *     another Instance and does not get this status
 * @param epoch the epoch the status was observed at: it is never written over a newer epoch
 */
public record PendingStatus(InstanceKey key, String uid, long epoch, InstanceStatus status) {}
