package dev.continuum.model;

import java.time.Instant;

/**
 * The body of an Event: the object it is about, a machine-readable reason, a sentence, who saw it,
 * and how often it repeated.
 */
public record EventSpec(
        EventType type,
        ObjectReference involvedObject,
        String reason,
        String message,
        String source,
        int count,
        Instant firstTimestamp,
        Instant lastTimestamp) {

    /** Points at one object. */
    public record ObjectReference(String kind, String namespace, String name, String uid) {}
}
