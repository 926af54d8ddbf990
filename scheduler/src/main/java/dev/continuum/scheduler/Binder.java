package dev.continuum.scheduler;

import dev.continuum.model.Instance;

/**
 * The bind step's port: writes an Instance with {@code spec.node} set to the store. The one side
 * effect of scheduling, kept out of the scheduler so it stays a pure function.
 */
@FunctionalInterface
public interface Binder {

    /**
     * Writes {@code bound}. Returns false when the write lost a race (the instance changed or was
     * deleted meanwhile); the caller schedules it again from fresh state. Exceptions mean faults.
     */
    boolean bind(Instance bound);
}
