package dev.continuum.scheduler.network;

import dev.continuum.model.Link;
import dev.continuum.scheduler.ClusterView;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.NodeSet;
import dev.continuum.scheduler.NodeSetBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code spec.parent} hierarchy as the network model walks it, memoized until the network
 * changes: each node's path up ({@link Ancestry}), each node's children nearest first, and the
 * nodes under each root.
 */
final class Hierarchy {

    private static final int MAX_DEPTH = 32;

    /** Children by slot with the RTT of their hop up, ascending, so a walk down stops at the first too far. */
    record Children(int[] slots, double[] hops) {}

    private final ClusterView view;
    private Ancestry[] ancestry = new Ancestry[0];
    /** Per node, the children whose path up goes through it, nearest first; built when first needed. */
    private Children[] children = new Children[0];
    /** Per root of the hierarchy (by slot), the nodes whose path up ends there; built when first needed. */
    private Map<Integer, NodeSet> byRoot;

    Hierarchy(ClusterView view) {
        this.view = view;
    }

    /** Drops everything memoized; the view now has {@code slotLimit} slots. */
    void forget(int slotLimit) {
        ancestry = new Ancestry[slotLimit];
        children = new Children[slotLimit];
        byRoot = null;
    }

    /** A measured RTT; a negative report (a clock or agent fault) counts as 0 so that paths only grow. */
    static double rtt(Link l) {
        return Math.max(0, l.rttMs());
    }

    static double narrower(double bandwidth, Link l) {
        return l.bandwidthMbps() == null ? Double.NaN : Math.min(bandwidth, l.bandwidthMbps());
    }

    Ancestry ancestry(NodeInfo n) {
        int slot = n.slot();
        if (slot >= ancestry.length) {
            ancestry = Arrays.copyOf(ancestry, Math.max(slot + 1, view.slotLimit()));
        }
        Ancestry a = ancestry[slot];
        if (a == null) {
            a = walkUp(n);
            ancestry[slot] = a;
        }
        return a;
    }

    private Ancestry walkUp(NodeInfo n) {
        int[] slots = new int[4];
        double[] rtt = new double[4];
        double[] bandwidth = new double[4];
        slots[0] = n.slot();
        bandwidth[0] = Double.POSITIVE_INFINITY;
        int length = 1;
        int located = n.hasCoordinates() ? 0 : -1;
        NodeInfo at = n;
        while (at.parent() != null && length < MAX_DEPTH) {
            Optional<NodeInfo> next = view.node(at.parent());
            if (next.isEmpty() || contains(slots, length, next.get().slot())) {
                break;
            }
            NodeInfo p = next.get();
            Link link = link(at, p);
            double hop = link != null && link.rttMs() != null ? rtt(link) : geographicHop(at, p);
            if (Double.isNaN(hop)) {
                break;
            }
            if (length == slots.length) {
                slots = Arrays.copyOf(slots, length * 2);
                rtt = Arrays.copyOf(rtt, length * 2);
                bandwidth = Arrays.copyOf(bandwidth, length * 2);
            }
            slots[length] = p.slot();
            rtt[length] = rtt[length - 1] + hop;
            bandwidth[length] = link == null || link.bandwidthMbps() == null
                    ? Double.NaN
                    : Math.min(bandwidth[length - 1], link.bandwidthMbps());
            if (located < 0 && p.hasCoordinates()) {
                located = length;
            }
            length++;
            at = p;
        }
        return new Ancestry(slots, rtt, bandwidth, length, located);
    }

    private static double geographicHop(NodeInfo a, NodeInfo b) {
        if (!a.hasCoordinates() || !b.hasCoordinates()) {
            return Double.NaN;
        }
        return GeoEstimate.rttMs(a.lat(), a.lon(), b.lat(), b.lon());
    }

    private static boolean contains(int[] slots, int length, int slot) {
        for (int i = 0; i < length; i++) {
            if (slots[i] == slot) {
                return true;
            }
        }
        return false;
    }

    /** The link measured between two nodes by either end; the lower RTT when both measured. */
    static Link link(NodeInfo a, NodeInfo b) {
        Link ab = a.links().get(b.name());
        Link ba = b.links().get(a.name());
        if (ab == null || ab.rttMs() == null) {
            return ba != null ? ba : ab;
        }
        if (ba == null || ba.rttMs() == null) {
            return ab;
        }
        return ba.rttMs() < ab.rttMs() ? ba : ab;
    }

    Children children(int slot) {
        Children known = children[slot];
        if (known != null) {
            return known;
        }
        List<double[]> found = new ArrayList<>();
        for (String name : view.childrenOf(view.nodeAt(slot).name())) {
            view.node(name).ifPresent(child -> {
                Ancestry up = ancestry(child);
                if (up.length >= 2 && up.slots[1] == slot) {
                    found.add(new double[] {up.rttMs[1], child.slot()});
                }
            });
        }
        found.sort((a, b) -> Double.compare(a[0], b[0]));
        int[] slots = new int[found.size()];
        double[] hops = new double[found.size()];
        for (int i = 0; i < slots.length; i++) {
            hops[i] = found.get(i)[0];
            slots[i] = (int) found.get(i)[1];
        }
        children[slot] = new Children(slots, hops);
        return children[slot];
    }

    Map<Integer, NodeSet> roots() {
        if (byRoot == null) {
            Map<Integer, NodeSetBuilder> builders = new HashMap<>();
            for (int slot = 0; slot < view.slotLimit(); slot++) {
                NodeInfo n = view.nodeAt(slot);
                if (n != null) {
                    Ancestry up = ancestry(n);
                    builders.computeIfAbsent(up.slots[up.length - 1], r -> new NodeSetBuilder())
                            .add(slot);
                }
            }
            byRoot = new HashMap<>();
            builders.forEach((root, b) -> byRoot.put(root, b.build()));
        }
        return byRoot;
    }
}
