package dev.continuum.scheduler.plugins.bandwidth;

import dev.continuum.model.Placement;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.Amounts;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.StateKey;
import dev.continuum.scheduler.network.NetworkTarget;
import dev.continuum.scheduler.network.TargetResolution;

/**
 * With {@code minBandwidthMbps}: the narrowest hop of the path to {@code latencyTarget} (or to the
 * Device named by {@code near}) must offer at least that much; with neither, the node's uplink to
 * its parent must. A node at the top of the hierarchy has no uplink to limit it. Unknown bandwidth
 * does not pass.
 */
public final class BandwidthFit implements PreFilterPlugin, FilterPlugin {

    public static final String NAME = "BandwidthFit";

    private record Floor(NetworkTarget target, double minMbps, FilterResult tooNarrow, FilterResult unknown) {}

    private static final StateKey<Floor> KEY = StateKey.of(Floor.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        Placement p = state.placement();
        if (p.minBandwidthMbps() == null) {
            return PreFilterResult.skip();
        }
        double min = p.minBandwidthMbps();
        NetworkTarget target = null;
        if (p.latencyTarget() != null || p.near() != null) {
            TargetResolution resolved = p.latencyTarget() != null
                    ? state.view().network().resolve(p.latencyTarget())
                    : state.view().network().resolveDevice(p.near());
            if (resolved.target() == null) {
                return PreFilterResult.unschedulable(resolved.problem());
            }
            target = resolved.target();
        }
        String to = target == null ? "uplink" : "to " + target.description();
        state.write(
                KEY,
                new Floor(
                        target,
                        min,
                        FilterResult.rejected(
                                target == null
                                        ? "uplink < " + Amounts.mbps(min)
                                        : "bandwidth < " + Amounts.mbps(min) + " " + to),
                        FilterResult.rejected(
                                target == null ? "uplink bandwidth unknown" : "bandwidth " + to + " unknown")));
        return PreFilterResult.proceed();
    }

    private static double bandwidth(CycleState state, NodeInfo node, Floor floor) {
        return floor.target() == null
                ? state.view().network().uplinkBandwidthMbps(node)
                : state.view().network().bandwidthMbps(node, floor.target());
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        Floor floor = state.read(KEY);
        double mbps = bandwidth(state, node, floor);
        if (Double.isNaN(mbps)) {
            return floor.unknown();
        }
        return mbps < floor.minMbps() ? floor.tooNarrow() : FilterResult.fits();
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        Floor floor = state.read(KEY);
        double mbps = bandwidth(state, node, floor);
        String path =
                floor.target() == null ? "uplink" : "path to " + floor.target().description();
        if (Double.isNaN(mbps)) {
            return "no measured bandwidth on the " + path;
        }
        return "the " + path + " offers " + Amounts.mbps(mbps) + " (needs " + Amounts.mbps(floor.minMbps()) + ")";
    }
}
