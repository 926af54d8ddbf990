package dev.continuum.agent.runtime;

/** Runs before the workload starts (and again before each retry of a failed start). */
public interface PrestartHook extends InstanceHook {

    /**
     * Prepares the run (fetch and load the module, check the runtime, ...).
     *
     * @return {@link HookResult#proceed()} or why the run cannot start
     * @throws InterruptedException when the supervisor is being stopped
     */
    HookResult prestart(InstanceContext context) throws InterruptedException;
}
