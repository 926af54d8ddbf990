package dev.continuum.agent.capability;

import dev.continuum.wasm.capability.Capabilities;

/** What {@link CapabilityGrants} made of a component's manifest: the engine's grant, or why there is none. */
public sealed interface GrantResult {

    /** The grant to link and run the component with. */
    record Granted(Capabilities capabilities) implements GrantResult {}

    /**
     * The component cannot run on this node as granted.
     *
     * @param reason the Instance status reason ({@link CapabilityGrants#NO_BROKER}, ...)
     * @param message what is wrong, where, and what to do
     * @param retryable whether trying again later may help (a disk that failed, say)
     */
    record Refused(String reason, String message, boolean retryable) implements GrantResult {}
}
