package dev.continuum.model;

import java.time.Instant;

/**
 * One observed fact about an object, Kubernetes style: {@code type} (e.g. {@code Ready}),
 * {@code status} ({@code True}, {@code False}, {@code Unknown}), a machine-readable reason and a
 * sentence for people.
 */
public record Condition(
        String type,
        String status,
        String reason,
        String message,
        Instant lastTransitionTime,
        Instant lastHeartbeatTime) {

    public static Condition of(String type, boolean value, String reason, String message, Instant now) {
        return new Condition(type, value ? "True" : "False", reason, message, now, now);
    }
}
