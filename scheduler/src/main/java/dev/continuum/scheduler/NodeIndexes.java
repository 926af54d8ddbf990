package dev.continuum.scheduler;

import dev.continuum.model.Taint;
import dev.continuum.model.Tier;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bitset indexes pre-filters narrow the fleet with: every node, the Ready ones, the
 * schedulable ones, those with dedicated cores or accelerators, nodes by tier, arch, os and runtime, and tainted
 * nodes by their first hard taint. Kept up to
 * date node by node, so a decision never builds one. Labels are indexed on demand: the first
 * decision that selects on {@code key=value} builds its set, and from then on it is kept up to
 * date like the others, for up to {@link #MAX_LABELS} pairs.
 */
final class NodeIndexes {

    static final NodeSet EMPTY = new NodeSet();

    /** Label pairs indexed at most: each costs a bitset and a lookup per node change. */
    static final int MAX_LABELS = 256;

    final NodeSet all = new NodeSet();
    final NodeSet ready = new NodeSet();
    final NodeSet schedulable = new NodeSet();
    final NodeSet realtime = new NodeSet();
    final NodeSet accelerated = new NodeSet();
    private final NodeSet[] tiers = new NodeSet[Tier.values().length];
    private final Map<String, NodeSet> arch = new HashMap<>();
    private final Map<String, NodeSet> os = new HashMap<>();
    private final Map<String, NodeSet> runtime = new HashMap<>();
    private final Map<Taint, NodeSet> firstHardTaint = new LinkedHashMap<>();
    private final Map<String, NodeSet> acceleratorTypes = new HashMap<>();
    private final Map<String, Map<String, NodeSet>> labels = new HashMap<>();
    private int labelCount;

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
        accelerated.set(s, n.acceleratorCount() > 0);
        for (int e = 0; e < n.acceleratorCount(); e++) {
            String type = n.accelerator(e).type();
            if (type != null) {
                acceleratorTypes
                        .computeIfAbsent(AcceleratorDemand.typeKey(type), k -> new NodeSet())
                        .add(s);
            }
        }
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
        if (n.hardTaintCount() > 0) {
            firstHardTaint.computeIfAbsent(n.hardTaint(0), k -> new NodeSet()).add(s);
        }
        labels.forEach((key, byValue) -> {
            NodeSet set = byValue.get(n.labels().get(key));
            if (set != null) {
                set.add(s);
            }
        });
    }

    void remove(NodeInfo n) {
        int s = n.slot();
        all.remove(s);
        ready.remove(s);
        schedulable.remove(s);
        realtime.remove(s);
        accelerated.remove(s);
        for (int e = 0; e < n.acceleratorCount(); e++) {
            String type = n.accelerator(e).type();
            if (type != null) {
                acceleratorTypes
                        .getOrDefault(AcceleratorDemand.typeKey(type), EMPTY)
                        .remove(s);
            }
        }
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
        if (n.hardTaintCount() > 0) {
            NodeSet set = firstHardTaint.get(n.hardTaint(0));
            set.remove(s);
            if (set.cardinality() == 0) {
                firstHardTaint.remove(n.hardTaint(0));
            }
        }
        labels.forEach((key, byValue) -> {
            NodeSet set = byValue.get(n.labels().get(key));
            if (set != null) {
                set.remove(s);
            }
        });
    }

    /** Tainted nodes grouped by their first {@code NoSchedule}/{@code NoExecute} taint. */
    Map<Taint, NodeSet> byFirstHardTaint() {
        return Collections.unmodifiableMap(firstHardTaint);
    }

    /** The nodes labelled {@code key=value} among {@code nodes}; null when the index is full. */
    NodeSet label(String key, String value, NodeInfo[] nodes, int slotLimit) {
        Map<String, NodeSet> byValue = labels.get(key);
        NodeSet set = byValue == null ? null : byValue.get(value);
        if (set != null) {
            return set;
        }
        if (labelCount == MAX_LABELS) {
            return null;
        }
        set = new NodeSet();
        for (int slot = 0; slot < slotLimit; slot++) {
            if (nodes[slot] != null && value.equals(nodes[slot].labels().get(key))) {
                set.add(slot);
            }
        }
        labels.computeIfAbsent(key, k -> new HashMap<>()).put(value, set);
        labelCount++;
        return set;
    }

    NodeSet acceleratorType(String type) {
        return acceleratorTypes.getOrDefault(AcceleratorDemand.typeKey(type), EMPTY);
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
