package dev.continuum.controller.events;

import dev.continuum.model.EventType;
import dev.continuum.model.Resource;

/**
 * Tells people what a controller did or could not do, as {@link dev.continuum.model.Event} objects.
 *
 * <p>Best effort: recording never fails the caller (a store fault is logged). Repeating an event
 * (same object, type, reason and message) counts it instead of adding another. Thread-safe.
 */
@FunctionalInterface
public interface EventRecorder {

    /**
     * @param involved the object the event is about
     * @param reason a machine-readable CamelCase word, e.g. {@code FailedScheduling}
     * @param message one sentence for people
     */
    void record(Resource involved, EventType type, String reason, String message);
}
