package dev.continuum.scheduler;

import dev.continuum.model.Tier;
import java.util.HashMap;
import java.util.Map;

/**
 * The bitset indexes pre-filters narrow the fleet with: every node, the Ready ones, the
 * schedulable ones, those with dedicated cores, and nodes by tier, arch, os and runtime. Kept up to
 * date node by node, so a decision never builds one.
 */
final class NodeIndexes {

    static final NodeSet EMPTY = new NodeSet();

    final NodeSet all = new NodeSet();
    final NodeSet ready = new NodeSet();
    final NodeSet schedulable = new NodeSet();
    final NodeSet realtime = new NodeSet();
    private final NodeSet[] tiers = new NodeSet[Tier.values().length];
    private final Map<String, NodeSet> arch = new HashMap<>();
    private final Map<String, NodeSet> os = new HashMap<>();
    private final Map<String, NodeSet> runtime = new HashMap<>();

    NodeIndexes() {
        for (int i = 0; i < tiers.length; i++) {
            tiers[i] = new NodeSet();
        }
    }

    void add(NodeInfo n) {
        int s = n.slot();
        all.add(s);
        ready.set(s, n.ready());
        schedulable.set(s, !n.unschedulable());
        realtime.set(s, n.realtime());
        if (n.tier() != null) {
            tiers[n.tier().ordinal()].add(s);
        }
        if (n.arch() != null) {
            arch.computeIfAbsent(n.arch(), k -> new NodeSet()).add(s);
        }
        if (n.os() != null) {
            os.computeIfAbsent(n.os(), k -> new NodeSet()).add(s);
        }
        for (String r : n.runtimes()) {
            if (r != null) {
                runtime.computeIfAbsent(r, k -> new NodeSet()).add(s);
            }
        }
    }

    void remove(NodeInfo n) {
        int s = n.slot();
        all.remove(s);
        ready.remove(s);
        schedulable.remove(s);
        realtime.remove(s);
        if (n.tier() != null) {
            tiers[n.tier().ordinal()].remove(s);
        }
        if (n.arch() != null) {
            arch.getOrDefault(n.arch(), EMPTY).remove(s);
        }
        if (n.os() != null) {
            os.getOrDefault(n.os(), EMPTY).remove(s);
        }
        for (String r : n.runtimes()) {
            if (r != null) {
                runtime.getOrDefault(r, EMPTY).remove(s);
            }
        }
    }

    NodeSet tier(Tier tier) {
        return tiers[tier.ordinal()];
    }

    NodeSet arch(String name) {
        return arch.getOrDefault(name, EMPTY);
    }

    NodeSet os(String name) {
        return os.getOrDefault(name, EMPTY);
    }

    NodeSet runtime(String name) {
        return runtime.getOrDefault(name, EMPTY);
    }
}
