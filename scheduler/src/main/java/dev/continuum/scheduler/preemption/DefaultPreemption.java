package dev.continuum.scheduler.preemption;

import dev.continuum.scheduler.BoundInstance;
import dev.continuum.scheduler.ClusterView;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterChain;
import dev.continuum.scheduler.framework.PostFilterPlugin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When nothing fits, looks for a node where evicting instances of strictly lower priority lets the
 * request fit, as kube-scheduler's default preemption does:
 *
 * <ol>
 *   <li>only nodes whose first rejection came from a {@code CapacityFilter} (cpu, memory,
 *       accelerator devices) can be helped; a wrong tier stays wrong whatever leaves; and none at
 *       all when nothing bound has a lower priority than the request;
 *   <li>on each, remove every lower-priority instance; if the request still does not fit, skip it;
 *   <li>give instances back, highest priority first (the larger first among equals, since keeping
 *       a big one saves more work), whenever the request still fits without evicting them;
 *   <li>among the nodes left, pick the smallest disruption: the lowest highest victim priority,
 *       then the fewest victims, then the lowest sum of priorities, then the first in slot order.
 * </ol>
 *
 * A request of priority 0 or below preempts nothing that is not below it.
 */
public final class DefaultPreemption implements PostFilterPlugin {

    public static final String NAME = "DefaultPreemption";

    private static final Comparator<BoundInstance> KEEP_FIRST = Comparator.comparingInt(BoundInstance::priority)
            .reversed()
            .thenComparing(Comparator.comparingLong(BoundInstance::cpuMilli).reversed())
            .thenComparing(Comparator.comparingLong(BoundInstance::memoryBytes).reversed())
            .thenComparing(BoundInstance::key);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Nomination> postFilter(CycleState state, FilterChain chain, int[] reclaimable) {
        ClusterView view = state.view();
        if (view.lowestPriority() >= state.priority()) {
            return Optional.empty();
        }
        Nomination best = null;
        for (int slot : reclaimable) {
            NodeInfo node = view.nodeAt(slot);
            List<BoundInstance> lower = lowerPriority(view, slot, state);
            if (lower.isEmpty() || chain.check(node.without(lower)) >= 0) {
                continue;
            }
            List<BoundInstance> victims = reprieve(node, lower, chain);
            Nomination candidate = new Nomination(node, victims);
            if (best == null || lessDisruptive(candidate, best)) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Instances on the node that the request outranks; checked first, as most nodes have none. */
    private static List<BoundInstance> lowerPriority(ClusterView view, int slot, CycleState state) {
        List<BoundInstance> lower = null;
        for (BoundInstance i : view.instancesOn(slot)) {
            if (i.priority() < state.priority()
                    && !i.key().equals(state.request().key())) {
                if (lower == null) {
                    lower = new ArrayList<>();
                }
                lower.add(i);
            }
        }
        return lower == null ? List.of() : lower;
    }

    private static List<BoundInstance> reprieve(NodeInfo node, List<BoundInstance> lower, FilterChain chain) {
        List<BoundInstance> victims = new ArrayList<>(lower);
        List<BoundInstance> byValue = new ArrayList<>(lower);
        byValue.sort(KEEP_FIRST);
        for (BoundInstance keep : byValue) {
            victims.remove(keep);
            if (chain.check(node.without(victims)) >= 0) {
                victims.add(keep);
            }
        }
        victims.sort(Comparator.comparing(BoundInstance::key));
        return victims;
    }

    private static boolean lessDisruptive(Nomination a, Nomination b) {
        int c = Integer.compare(maxPriority(a), maxPriority(b));
        if (c != 0) {
            return c < 0;
        }
        c = Integer.compare(a.victims().size(), b.victims().size());
        if (c != 0) {
            return c < 0;
        }
        return sumPriority(a) < sumPriority(b);
    }

    private static int maxPriority(Nomination n) {
        return n.victims().stream().mapToInt(BoundInstance::priority).max().orElse(Integer.MIN_VALUE);
    }

    private static long sumPriority(Nomination n) {
        return n.victims().stream().mapToLong(BoundInstance::priority).sum();
    }
}
