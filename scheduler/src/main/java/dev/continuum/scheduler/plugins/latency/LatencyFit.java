package dev.continuum.scheduler.plugins.latency;

import dev.continuum.model.LatencyTarget;
import dev.continuum.model.Placement;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.Amounts;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.PreScorePlugin;
import dev.continuum.scheduler.framework.ScorePlugin;
import dev.continuum.scheduler.framework.StateKey;
import dev.continuum.scheduler.network.NetworkTarget;
import dev.continuum.scheduler.network.TargetResolution;

/**
 * Filter: with {@code maxLatencyMs}, the node's RTT to {@code latencyTarget} (a node, a site, a
 * location, or the node a Device is attached to now), by the network model, must not exceed it; an
 * unknown RTT does not pass. A target that does not resolve makes the request unschedulable. The
 * pre-filter narrows the candidates to the network model's neighbourhood of the target
 * ({@code NetworkModel.within}), so a tight limit looks at tens of nodes, not the fleet.
 *
 * <p>Score: closer is better, 100 × 10 / (10 + RTT ms) — 100 on the target, 50 at 10 ms, 9 at 100
 * ms — to {@code latencyTarget}, or else to the Device named by {@code near}.
 */
public final class LatencyFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "LatencyFit";

    /** RTT at which the score halves. */
    public static final double HALF_SCORE_MS = 10.0;

    private record Limit(NetworkTarget target, double maxMs, FilterResult tooFar, FilterResult unknown) {}

    private static final StateKey<Limit> KEY = StateKey.of(Limit.class);
    private static final StateKey<NetworkTarget> PREFERRED = StateKey.of(NetworkTarget.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        Placement p = state.placement();
        if (p.maxLatencyMs() == null || p.latencyTarget() == null) {
            return PreFilterResult.skip();
        }
        TargetResolution resolved = state.view().network().resolve(p.latencyTarget());
        if (resolved.target() == null) {
            return PreFilterResult.unschedulable(resolved.problem());
        }
        NetworkTarget target = resolved.target();
        double max = p.maxLatencyMs();
        state.write(
                KEY,
                new Limit(
                        target,
                        max,
                        FilterResult.rejected("latency > " + Amounts.ms(max) + " to " + target.description()),
                        FilterResult.rejected("latency to " + target.description() + " unknown")));
        return state.view()
                .network()
                .within(target, max)
                .map(near -> PreFilterResult.narrow(state.read(KEY).tooFar().summary(), near))
                .orElse(PreFilterResult.proceed());
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        Limit limit = state.read(KEY);
        double rtt = state.view().network().rttMs(node, limit.target());
        if (Double.isNaN(rtt)) {
            return limit.unknown();
        }
        return rtt > limit.maxMs() ? limit.tooFar() : FilterResult.fits();
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        Limit limit = state.read(KEY);
        double rtt = state.view().network().rttMs(node, limit.target());
        if (Double.isNaN(rtt)) {
            return "no measured, composed or geographic path to "
                    + limit.target().description();
        }
        return Amounts.ms(rtt) + " to " + limit.target().description() + " (limit " + Amounts.ms(limit.maxMs()) + ")";
    }

    @Override
    public boolean preScore(CycleState state) {
        NetworkTarget target = preferredTarget(state);
        state.write(PREFERRED, target);
        return target != null;
    }

    private static NetworkTarget preferredTarget(CycleState state) {
        Placement p = state.placement();
        LatencyTarget wanted = p.latencyTarget();
        if (wanted != null) {
            return state.view().network().resolve(wanted).target();
        }
        if (p.near() != null) {
            return state.view().network().resolveDevice(p.near()).target();
        }
        return null;
    }

    @Override
    public double score(CycleState state, NodeInfo node) {
        return closeness(state.view().network().rttMs(node, state.read(PREFERRED)));
    }

    /** 100 × 10 / (10 + RTT); 0 when unknown. */
    public static double closeness(double rttMs) {
        return Double.isNaN(rttMs) ? 0 : 100 * HALF_SCORE_MS / (HALF_SCORE_MS + rttMs);
    }
}
