package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeInfo;

/**
 * A hard constraint: says whether one node can take the request.
 *
 * <p>Contract: {@link #filter} is called after the plugin's {@link PreFilterPlugin#preFilter} (when
 * it has one) for the same {@link CycleState}, unless that returned {@code skip} or
 * {@code unschedulable}; it must not allocate on the fits path, since it runs for thousands of
 * nodes per decision. When pre-filter restricted the candidates, filter must agree with the
 * restriction node for node: explanations and preemption call it where the fast path used the
 * index.
 */
public interface FilterPlugin extends Plugin {

    FilterResult filter(CycleState state, NodeInfo node);

    /**
     * Why {@code node} does not fit, for a person: the node's fact against the requirement, e.g.
     * {@code node is gateway; allowed: cloud, cloud-edge}. Called only for nodes this plugin
     * rejected.
     */
    String reason(CycleState state, NodeInfo node);
}
