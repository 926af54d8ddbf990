package dev.continuum.scheduler.network;

import dev.continuum.model.LatencyTarget;
import dev.continuum.model.Link;
import dev.continuum.model.Location;
import dev.continuum.scheduler.ClusterView;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.NodeSet;
import dev.continuum.scheduler.NodeSetBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Round-trip time and bandwidth from any node to a {@link NetworkTarget}. To a target of several
 * nodes (a site, the copies of a component) it is the RTT to the nearest of them; to one node, in
 * this order of trust:
 *
 * <ol>
 *   <li>the node itself: 0 ms;
 *   <li>a link measured between the two (by either end; the lower RTT when both measured);
 *   <li>a path composed from the hierarchy: up {@code spec.parent} from each end to a common
 *       ancestor, or to a pair of ancestors joined by one measured link; each hop is its measured
 *       link, or the geographic estimate of that hop when unmeasured; the lowest such RTT wins and
 *       its narrowest hop is the path's bandwidth;
 *   <li>the geographic estimate ({@link GeoEstimate}) between where the two are on the map (a node
 *       without coordinates is where its nearest located ancestor is, plus the RTT up to it);
 *   <li>unknown (NaN), which no latency or bandwidth limit accepts.
 * </ol>
 *
 * <p>Answers are memoized per node and target until {@link ClusterView#networkVersion()} moves,
 * within a memory budget; so the first decision against a target pays for the paths it looks at,
 * and later ones read an array. Not thread-safe, like the view it belongs to.
 */
public final class NetworkModel {

    /** Memo budget: past it the least recently used targets are dropped. */
    static final long BUDGET_BYTES = 64L << 20;

    private final ClusterView view;
    private long version = -1;
    private final Hierarchy hierarchy;
    private final LinkedHashMap<String, NetworkTarget> targets = new LinkedHashMap<>(64, 0.75f, true);
    private long targetBytes;

    public NetworkModel(ClusterView view) {
        this.view = view;
        this.hierarchy = new Hierarchy(view);
    }

    /**
     * The target a placement's {@code latencyTarget} names, or why there is none. A device
     * resolves to the node it is attached to now.
     */
    public TargetResolution resolve(LatencyTarget target) {
        if (target.node() != null) {
            return TargetResolution.of(
                    node(target.node()), "latency target node " + target.node() + " is not in the cluster");
        }
        if (target.site() != null) {
            return TargetResolution.of(site(target.site()), "latency target site " + target.site() + " has no nodes");
        }
        if (target.device() != null) {
            return resolveDevice(target.device());
        }
        Location l = target.location();
        if (l != null && l.hasCoordinates()) {
            return TargetResolution.of(location(l.lat(), l.lon()), "latency target location has no coordinates");
        }
        return TargetResolution.missing("latency target names no node, site, device or location");
    }

    /** The node a Device is attached to now, or why it cannot be used. */
    public TargetResolution resolveDevice(String device) {
        Optional<String> at = view.deviceAttachment(device);
        if (at.isEmpty()) {
            return TargetResolution.missing("device " + device + " has no known attachment");
        }
        return TargetResolution.of(
                node(at.get()).describedAs("device " + device + " (at " + at.get() + ")"),
                "device " + device + " is attached to " + at.get() + ", which is not in the cluster");
    }

    public NetworkTarget node(String name) {
        return cached("node:" + name, () -> build("node " + name, List.of(name)));
    }

    public NetworkTarget site(String site) {
        return cached("site:" + site, () -> {
            List<String> names = new ArrayList<>();
            for (NodeInfo n : view.nodesAtSite(site)) {
                names.add(n.name());
            }
            return build("site " + site, names);
        });
    }

    public NetworkTarget location(double lat, double lon) {
        String text = String.format(Locale.ROOT, "%.4f,%.4f", lat, lon);
        return cached(
                "location:" + text,
                () -> new NetworkTarget(
                        "location " + text, new int[0], new SlotTable[0], new double[][] {{lat}, {lon}, {0}}));
    }

    /** The nodes in {@code names} that the view knows, as one target, e.g. where a component runs. */
    public NetworkTarget nodes(String description, Collection<String> names) {
        TreeSet<String> sorted = new TreeSet<>(names);
        return cached("nodes:" + description + ":" + String.join(",", sorted), () -> build(description, sorted));
    }

    /** RTT in ms from {@code from} to the nearest part of {@code to}; NaN when unknown. */
    public double rttMs(NodeInfo from, NetworkTarget to) {
        return to.memo.rttAt(answer(from, to));
    }

    /** Bandwidth in Mbps on the path {@link #rttMs} chose; NaN when unknown, infinite on the target. */
    public double bandwidthMbps(NodeInfo from, NetworkTarget to) {
        return to.memo.bandwidthAt(answer(from, to));
    }

    /** Bandwidth of the link to the node's parent; infinite at the top; NaN when not measured. */
    public double uplinkBandwidthMbps(NodeInfo node) {
        if (node.parent() == null) {
            return Double.POSITIVE_INFINITY;
        }
        Optional<NodeInfo> parent = view.node(node.parent());
        if (parent.isEmpty()) {
            return Double.NaN;
        }
        Link link = Hierarchy.link(node, parent.get());
        return link == null || link.bandwidthMbps() == null ? Double.NaN : link.bandwidthMbps();
    }

    /**
     * The nodes that may be within {@code maxMs} of {@code target}: a superset of those whose
     * {@link #rttMs} is at most {@code maxMs}, small when the hierarchy connects the fleet, found
     * without looking at every node. It holds the target's nodes and those linked to them, every
     * node whose composed path to some target node is within the limit (found by walking down from
     * the target's ancestors and linked nodes while the budget lasts), and every node whose path up
     * the hierarchy fails to meet some target node's (for which the geographic estimate may apply).
     * Empty when the target is a bare location, which only geography reaches: callers then check
     * every node.
     */
    public Optional<NodeSet> within(NetworkTarget target, double maxMs) {
        refresh();
        if (target.anchors.length == 0) {
            return Optional.empty();
        }
        NodeSetBuilder near = new NodeSetBuilder().addAll(outsiders(target));
        SlotTable reached = new SlotTable();
        int[] stack = new int[16];
        double[] costs = new double[16];
        for (int i = 0; i < target.anchors.length; i++) {
            NodeInfo anchor = view.nodeAt(target.anchors[i]);
            near.add(anchor.slot());
            for (String linked : anchor.links().keySet()) {
                view.node(linked).ifPresent(n -> near.add(n.slot()));
            }
            for (String linking : view.linksTo(anchor.name())) {
                view.node(linking).ifPresent(n -> near.add(n.slot()));
            }
            SlotTable portals = target.portals[i];
            for (int e = 0; e < portals.capacity(); e++) {
                int portal = portals.keyAt(e);
                if (portal < 0 || portals.rttAt(e) > maxMs) {
                    continue;
                }
                int depth = 0;
                stack[0] = portal;
                costs[0] = portals.rttAt(e);
                depth++;
                while (depth > 0) {
                    depth--;
                    int slot = stack[depth];
                    double cost = costs[depth];
                    int seen = reached.indexOf(slot);
                    if (seen >= 0 && reached.rttAt(seen) <= cost) {
                        continue;
                    }
                    reached.offer(slot, cost, 0);
                    near.add(slot);
                    Hierarchy.Children below = hierarchy.children(slot);
                    for (int c = 0; c < below.slots().length && cost + below.hops()[c] <= maxMs; c++) {
                        if (depth == stack.length) {
                            stack = Arrays.copyOf(stack, depth * 2);
                            costs = Arrays.copyOf(costs, depth * 2);
                        }
                        stack[depth] = below.slots()[c];
                        costs[depth] = cost + below.hops()[c];
                        depth++;
                    }
                }
            }
        }
        return Optional.of(near.build());
    }

    /**
     * Nodes whose path up ends at a root that is not among every anchor's portals: for them some
     * anchor has no composed path, so the geographic estimate, which reaches anywhere, may apply.
     */
    private NodeSet outsiders(NetworkTarget target) {
        if (target.outsiders != null) {
            return target.outsiders;
        }
        NodeSetBuilder out = new NodeSetBuilder();
        for (Map.Entry<Integer, NodeSet> root : hierarchy.roots().entrySet()) {
            for (SlotTable portals : target.portals) {
                if (portals.indexOf(root.getKey()) < 0) {
                    out.addAll(root.getValue());
                    break;
                }
            }
        }
        target.outsiders = out.build();
        return target.outsiders;
    }

    /** The memo entry of {@code from}'s answer, computed first if need be. */
    private int answer(NodeInfo from, NetworkTarget to) {
        refresh();
        int at = to.memo.indexOf(from.slot());
        return at >= 0 ? at : compute(from, to);
    }

    private int compute(NodeInfo a, NetworkTarget t) {
        if (t.contains(a.slot())) {
            return t.memo.put(a.slot(), 0, Double.POSITIVE_INFINITY);
        }
        Ancestry up = hierarchy.ancestry(a);
        double bestRtt = Double.NaN;
        double bestBandwidth = Double.NaN;
        for (int i = 0; i < t.anchors.length; i++) {
            NodeInfo b = view.nodeAt(t.anchors[i]);
            double rtt;
            double bandwidth;
            Link direct = Hierarchy.link(a, b);
            if (direct != null && direct.rttMs() != null) {
                rtt = Hierarchy.rtt(direct);
                bandwidth = direct.bandwidthMbps() == null ? Double.NaN : direct.bandwidthMbps();
            } else {
                rtt = Double.POSITIVE_INFINITY;
                bandwidth = Double.NaN;
                SlotTable portals = t.portals[i];
                for (int j = 0; j < up.length; j++) {
                    int p = portals.indexOf(up.slots[j]);
                    if (p >= 0 && up.rttMs[j] + portals.rttAt(p) < rtt) {
                        rtt = up.rttMs[j] + portals.rttAt(p);
                        bandwidth = Math.min(up.bandwidthMbps[j], portals.bandwidthAt(p));
                    }
                }
                if (rtt == Double.POSITIVE_INFINITY) {
                    rtt = geographic(up, t, i);
                }
            }
            if (!Double.isNaN(rtt) && (Double.isNaN(bestRtt) || rtt < bestRtt)) {
                bestRtt = rtt;
                bestBandwidth = bandwidth;
            }
        }
        if (t.anchors.length == 0) {
            bestRtt = geographic(up, t, 0);
        }
        return t.memo.put(a.slot(), bestRtt, bestBandwidth);
    }

    /** The estimate from where {@code up}'s node is to where position {@code i} of the target is. */
    private double geographic(Ancestry up, NetworkTarget t, int i) {
        if (up.located < 0 || i >= t.positionLat.length || Double.isNaN(t.positionLat[i])) {
            return Double.NaN;
        }
        NodeInfo place = view.nodeAt(up.slots[up.located]);
        return up.rttMs[up.located]
                + GeoEstimate.rttMs(place.lat(), place.lon(), t.positionLat[i], t.positionLon[i])
                + t.positionRtt[i];
    }

    private NetworkTarget build(String description, Collection<String> names) {
        List<Integer> slots = new ArrayList<>();
        for (String name : names) {
            view.node(name).ifPresent(n -> slots.add(n.slot()));
        }
        int[] anchors = slots.stream().mapToInt(Integer::intValue).toArray();
        SlotTable[] portals = new SlotTable[anchors.length];
        double[][] positions = new double[3][anchors.length];
        for (int i = 0; i < anchors.length; i++) {
            Ancestry up = hierarchy.ancestry(view.nodeAt(anchors[i]));
            SlotTable table = new SlotTable();
            for (int k = 0; k < up.length; k++) {
                table.offer(up.slots[k], up.rttMs[k], up.bandwidthMbps[k]);
                offerLinks(table, view.nodeAt(up.slots[k]), up.rttMs[k], up.bandwidthMbps[k]);
            }
            portals[i] = table;
            NodeInfo place = up.located < 0 ? null : view.nodeAt(up.slots[up.located]);
            positions[0][i] = place == null ? Double.NaN : place.lat();
            positions[1][i] = place == null ? Double.NaN : place.lon();
            positions[2][i] = place == null ? Double.NaN : up.rttMs[up.located];
        }
        return new NetworkTarget(description, anchors, portals, positions);
    }

    /**
     * Offers every node with a measured link to or from {@code y}, at the link's cost plus
     * {@code rtt}. Links between {@code y} and its parent or its children are left out: they are
     * hops of the hierarchy, which the paths up already take at no more cost.
     */
    private void offerLinks(SlotTable table, NodeInfo y, double rtt, double bandwidth) {
        for (Map.Entry<String, Link> e : y.links().entrySet()) {
            Link l = e.getValue();
            if (l.rttMs() != null && !e.getKey().equals(y.parent())) {
                view.node(e.getKey())
                        .filter(z -> !y.name().equals(z.parent()))
                        .ifPresent(
                                z -> table.offer(z.slot(), rtt + Hierarchy.rtt(l), Hierarchy.narrower(bandwidth, l)));
            }
        }
        for (String from : view.linksTo(y.name())) {
            if (from.equals(y.parent())) {
                continue;
            }
            view.node(from).filter(z -> !y.name().equals(z.parent())).ifPresent(z -> {
                Link l = z.links().get(y.name());
                if (l != null && l.rttMs() != null) {
                    table.offer(z.slot(), rtt + Hierarchy.rtt(l), Hierarchy.narrower(bandwidth, l));
                }
            });
        }
    }

    /**
     * The target under {@code key}, built when missing. Memos grow as they are read, so each
     * target's size is re-counted when it is used again, and the least recently used go once the
     * total passes the budget.
     */
    private NetworkTarget cached(String key, Supplier<NetworkTarget> build) {
        refresh();
        NetworkTarget t = targets.get(key);
        if (t == null) {
            t = build.get();
            targets.put(key, t);
        }
        long now = t.bytes();
        targetBytes += now - t.counted;
        t.counted = now;
        var it = targets.values().iterator();
        while (targetBytes > BUDGET_BYTES && targets.size() > 1) {
            NetworkTarget old = it.next();
            targetBytes -= old.counted;
            it.remove();
        }
        return t;
    }

    private void refresh() {
        long now = view.networkVersion();
        if (now != version) {
            version = now;
            targets.clear();
            targetBytes = 0;
            hierarchy.forget(view.slotLimit());
        }
    }
}
