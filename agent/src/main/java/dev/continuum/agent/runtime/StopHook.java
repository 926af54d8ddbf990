package dev.continuum.agent.runtime;

/** Runs once when the supervisor ends, whatever the reason: stopped, finished, or failed for good. */
public interface StopHook extends InstanceHook {

    void stopped(InstanceContext context);
}
