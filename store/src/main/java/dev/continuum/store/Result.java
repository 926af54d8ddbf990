package dev.continuum.store;

import dev.continuum.store.WriteResult.Outcome;

/**
 * The outcome of a typed write.
 *
 * @param value the resource as written (OK), as it is now (CONFLICT, ALREADY_EXISTS), or null
 */
public record Result<T>(Outcome outcome, T value) {

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    /** The written value; a fault if the write did not succeed. */
    public T orThrow() {
        if (!ok()) {
            throw new IllegalStateException("write failed: " + outcome);
        }
        return value;
    }
}
