package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.BoundInstance;
import dev.continuum.scheduler.NodeInfo;
import java.util.List;
import java.util.Optional;

/**
 * Runs only when no node fits: may find a node that would fit if some instances left it
 * (preemption). Returns the node and the instances to evict; evicting is the caller's business.
 */
public interface PostFilterPlugin extends Plugin {

    /** A node that fits once {@code victims} are gone. */
    record Nomination(NodeInfo node, List<BoundInstance> victims) {
        public Nomination {
            victims = List.copyOf(victims);
        }
    }

    /**
     * Contract: reads only; {@code chain} checks any node (or what-if copy) against every filter;
     * {@code reclaimable} lists, in slot order, the nodes whose first rejection came from a
     * {@link CapacityFilter}.
     */
    Optional<Nomination> postFilter(CycleState state, FilterChain chain, int[] reclaimable);
}
