package dev.continuum.agent.runtime;

/** Runs once the workload is up: a service's run has started, a function is ready to serve. */
public interface PoststartHook extends InstanceHook {

    void poststart(InstanceContext context);
}
