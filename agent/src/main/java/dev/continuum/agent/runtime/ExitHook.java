package dev.continuum.agent.runtime;

import dev.continuum.wasm.ExitStatus;

/** Runs after every run of a service or job ends, before the supervisor decides what comes next. */
public interface ExitHook extends InstanceHook {

    void exited(InstanceContext context, ExitStatus status);
}
