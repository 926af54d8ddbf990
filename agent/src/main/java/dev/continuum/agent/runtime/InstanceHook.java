package dev.continuum.agent.runtime;

/**
 * One step of an Instance's life that the {@link InstanceSupervisor} runs at a fixed point. Each
 * point is its own small interface ({@link PrestartHook}, {@link PoststartHook}, {@link ExitHook},
 * {@link StopHook}); a hook implements the ones it needs. Hooks run on the supervisor's thread, in
 * the order they were given, and must not throw for expected outcomes.
 */
public interface InstanceHook {

    /** A short name for logs, e.g. {@code module}. */
    String name();
}
