package dev.continuum.store;

/**
 * The outcome of a write. Conflicts are expected in a compare-and-swap store, so they are values,
 * not exceptions.
 *
 * @param current on {@link Outcome#OK} the key as written (for a delete, as it was); on
 *     {@link Outcome#CONFLICT} and {@link Outcome#ALREADY_EXISTS} the key as it is now; null on
 *     {@link Outcome#NOT_FOUND}
 * @param revision the store revision after the write (OK) or at the time of the refusal
 */
public record WriteResult(Outcome outcome, KeyValue current, long revision) {

    public enum Outcome {
        OK,
        /** The key's modRevision was not the expected one. */
        CONFLICT,
        NOT_FOUND,
        ALREADY_EXISTS
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
