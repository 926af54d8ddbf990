package dev.continuum.scheduler;

import dev.continuum.model.AcceleratorRequest;
import dev.continuum.model.Component;
import dev.continuum.model.Node;
import dev.continuum.model.Placement;
import dev.continuum.model.PowerSource;
import dev.continuum.model.SpreadConstraint;
import dev.continuum.model.Taint;
import dev.continuum.model.TaintEffect;
import dev.continuum.model.Toleration;
import dev.continuum.scheduler.PlacementRequest.PeerLink;
import dev.continuum.scheduler.network.NetworkModel;
import dev.continuum.scheduler.network.NetworkTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The hard constraints written out a second time, plainly and apart from the plugins, as the
 * property tests' oracle: which constraints a node breaks for a request. Reads the model records
 * themselves where it can, and the cluster state only for allocations and the network model.
 */
final class HardConstraints {

    private final PlacementRequest request;
    private final ClusterView view;
    private final Map<Topology, Function<NodeInfo, Integer>> skews = new HashMap<>();

    HardConstraints(PlacementRequest request, ClusterView view) {
        this.request = request;
        this.view = view;
    }

    /** The constraints {@code info} breaks for the request; empty when it fits. */
    List<String> broken(NodeInfo info) {
        Node node = info.node();
        Component c = request.component();
        Placement p = c.placementOrEmpty();
        List<String> broken = new ArrayList<>();
        if (!node.isReady() || Boolean.TRUE.equals(node.spec().unschedulable())) {
            broken.add("eligibility");
        }
        List<String> runtimes = node.status().runtimes().isEmpty()
                ? List.of("wasm")
                : node.status().runtimes();
        if (!runtimes.contains(c.runtime())) {
            broken.add("runtime");
        }
        String arch = node.status().platform() == null
                ? null
                : node.status().platform().arch();
        String os = node.status().platform() == null
                ? null
                : node.status().platform().os();
        if (!p.arch().isEmpty() && (arch == null || !p.arch().contains(arch))) {
            broken.add("arch");
        }
        if (!p.os().isEmpty() && (os == null || !p.os().contains(os))) {
            broken.add("os");
        }
        if (!p.tiers().isEmpty() && !p.tiers().contains(node.spec().tier())) {
            broken.add("tier");
        }
        if (Boolean.TRUE.equals(p.realtime())
                && !Boolean.TRUE.equals(node.status().realtime())) {
            broken.add("realtime");
        }
        for (Map.Entry<String, String> e : p.nodeSelector().entrySet()) {
            if (!e.getValue().equals(node.metadata().labels().get(e.getKey()))) {
                broken.add("selector");
            }
        }
        for (Taint t : node.spec().taints()) {
            if (t.effect() != TaintEffect.PREFER_NO_SCHEDULE
                    && p.tolerations().stream().noneMatch((Toleration tol) -> tol.tolerates(t))) {
                broken.add("taint");
            }
        }
        PowerSource source =
                node.status().power() == null ? null : node.status().power().source();
        if (source != null && source != PowerSource.MAINS) {
            if (Boolean.TRUE.equals(p.mainsOnly())) {
                broken.add("mains");
            }
            Double battery = node.status().power().batteryPercent();
            if (p.minBatteryPercent() != null
                    && p.minBatteryPercent() > 0
                    && (battery == null || battery < p.minBatteryPercent())) {
                broken.add("battery");
            }
        }
        long cpu = 0;
        long memory = 0;
        for (BoundInstance i : view.instancesOn(info.slot())) {
            if (!i.key().equals(request.key())) {
                cpu += i.cpuMilli();
                memory += i.memoryBytes();
            }
        }
        var offered = node.status().allocatable();
        if (c.resourcesOrNone().cpuMilli() > 0 && c.resourcesOrNone().cpuMilli() > offered.cpuMilli() - cpu) {
            broken.add("cpu");
        }
        if (c.resourcesOrNone().memoryBytes() > 0
                && c.resourcesOrNone().memoryBytes() > offered.memoryBytes() - memory) {
            broken.add("memory");
        }
        for (AcceleratorRequest a : p.accelerators()) {
            int count = a.count() == null ? 1 : a.count();
            boolean served = false;
            for (int e = 0; e < info.acceleratorCount(); e++) {
                var offeredAccelerator = info.accelerator(e);
                boolean matches = (a.type() == null || a.type().equalsIgnoreCase(offeredAccelerator.type()))
                        && (a.vendor() == null || a.vendor().equalsIgnoreCase(offeredAccelerator.vendor()))
                        && (a.model() == null || a.model().equalsIgnoreCase(offeredAccelerator.model()))
                        && (a.memory() == null
                                || (offeredAccelerator.memory() != null
                                        && offeredAccelerator.memory().compareTo(a.memory()) >= 0));
                served |= matches && info.acceleratorsFree(e) >= count;
            }
            if (!served) {
                broken.add("accelerator");
            }
        }
        NetworkModel network = view.network();
        NetworkTarget target = null;
        if (p.latencyTarget() != null) {
            target = network.resolve(p.latencyTarget()).target();
        } else if (p.near() != null) {
            target = network.resolveDevice(p.near()).target();
        }
        if (p.maxLatencyMs() != null && p.latencyTarget() != null) {
            double rtt = target == null ? Double.NaN : network.rttMs(info, target);
            if (!(rtt <= p.maxLatencyMs())) {
                broken.add("latency");
            }
        }
        if (p.minBandwidthMbps() != null) {
            boolean hasTarget = p.latencyTarget() != null || p.near() != null;
            double mbps = hasTarget
                    ? (target == null ? Double.NaN : network.bandwidthMbps(info, target))
                    : network.uplinkBandwidthMbps(info);
            if (!(mbps >= p.minBandwidthMbps())) {
                broken.add("bandwidth");
            }
        }
        for (PeerLink peer : request.peers()) {
            List<String> known =
                    peer.nodes().stream().filter(n -> view.node(n).isPresent()).toList();
            if (peer.maxLatencyMs() == null || known.isEmpty()) {
                continue;
            }
            double nearest = Double.NaN;
            for (String n : known) {
                double rtt = network.rttMs(info, network.node(n));
                if (!Double.isNaN(rtt) && (Double.isNaN(nearest) || rtt < nearest)) {
                    nearest = rtt;
                }
            }
            if (!(nearest <= peer.maxLatencyMs())) {
                broken.add("link");
            }
        }
        for (SpreadConstraint s : p.spread()) {
            Topology t = Topology.parse(s.by()).orElseThrow();
            int maxSkew = s.maxSkew() == null ? 1 : s.maxSkew();
            if (info.domain(t) < 0 || skews.computeIfAbsent(t, this::skew).apply(info) > maxSkew) {
                broken.add("spread");
            }
        }
        return broken;
    }

    /** For a node: copies already in its domain, plus this one, less the emptiest eligible domain. */
    private Function<NodeInfo, Integer> skew(Topology t) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (BoundInstance i : view.copiesOf(request.namespace(), request.application(), request.componentName())) {
            if (i.nodeSlot() >= 0 && !i.name().equals(request.name())) {
                counts.merge(view.nodeAt(i.nodeSlot()).domain(t), 1, Integer::sum);
            }
        }
        Placement p = request.component().placementOrEmpty();
        int min = Integer.MAX_VALUE;
        for (int s = 0; s < view.slotLimit(); s++) {
            NodeInfo n = view.nodeAt(s);
            if (n == null || n.domain(t) < 0) {
                continue;
            }
            Node node = n.node();
            List<String> runtimes = node.status().runtimes().isEmpty()
                    ? List.of("wasm")
                    : node.status().runtimes();
            boolean eligible = node.isReady()
                    && !Boolean.TRUE.equals(node.spec().unschedulable())
                    && runtimes.contains(request.component().runtime())
                    && (p.arch().isEmpty() || p.arch().contains(n.arch()))
                    && (p.os().isEmpty() || p.os().contains(n.os()))
                    && (p.tiers().isEmpty() || p.tiers().contains(n.tier()))
                    && (!Boolean.TRUE.equals(p.realtime()) || n.realtime())
                    && p.nodeSelector().entrySet().stream()
                            .allMatch(e -> e.getValue().equals(n.labels().get(e.getKey())));
            if (eligible) {
                min = Math.min(min, counts.getOrDefault(n.domain(t), 0));
            }
        }
        int floor = min == Integer.MAX_VALUE ? 0 : min;
        return n -> counts.getOrDefault(n.domain(t), 0) + 1 - floor;
    }
}
