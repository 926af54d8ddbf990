package dev.continuum.agent.node;

import dev.continuum.model.Platform;
import dev.continuum.model.ResourceList;
import java.util.List;

/**
 * What the agent found out (or was told) about its machine, ready to go into the Node's status.
 *
 * @param platform arch and os in Go names, os version, JVM, agent version
 * @param capacity all cores and all physical memory
 * @param allocatable what workloads may use: all cores, and the JVM's heap less the agent's reserve
 *     (WebAssembly memories live on the agent's heap)
 * @param runtimes what this agent can run, e.g. {@code ["wasm"]}
 */
public record NodeFacts(Platform platform, ResourceList capacity, ResourceList allocatable, List<String> runtimes) {

    public NodeFacts {
        runtimes = List.copyOf(runtimes);
    }
}
