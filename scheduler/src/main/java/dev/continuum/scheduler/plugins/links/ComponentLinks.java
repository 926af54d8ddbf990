package dev.continuum.scheduler.plugins.links;

import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.PlacementRequest.PeerLink;
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
import dev.continuum.scheduler.plugins.latency.LatencyFit;
import java.util.ArrayList;
import java.util.List;

/**
 * Filter: for each linked component with a {@code maxLatencyMs} whose copies already run, the
 * node must be within that RTT of the nearest copy. Peers with no copies yet constrain nothing:
 * when they are placed, this copy is their peer. Score: the mean closeness to every placed peer,
 * scored like {@link LatencyFit}.
 */
public final class ComponentLinks implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "ComponentLinks";

    private record Peer(
            String component, NetworkTarget target, double maxMs, FilterResult tooFar, FilterResult unknown) {}

    private record Peers(Peer[] hard, Peer[] all) {}

    private static final StateKey<Peers> KEY = StateKey.of(Peers.class);

    @Override
    public String name() {
        return NAME;
    }

    private static Peers peers(CycleState state) {
        Peers cached = state.read(KEY);
        if (cached != null) {
            return cached;
        }
        List<Peer> hard = new ArrayList<>();
        List<Peer> all = new ArrayList<>();
        for (PeerLink link : state.request().peers()) {
            if (link.nodes().isEmpty()) {
                continue;
            }
            NetworkTarget target = state.view().network().nodes("component " + link.component(), link.nodes());
            if (target.isEmpty()) {
                continue;
            }
            double max = link.maxLatencyMs() == null ? Double.NaN : link.maxLatencyMs();
            Peer peer = new Peer(
                    link.component(),
                    target,
                    max,
                    FilterResult.rejected("latency > " + Amounts.ms(max) + " to " + target.description()),
                    FilterResult.rejected("latency to " + target.description() + " unknown"));
            all.add(peer);
            if (link.maxLatencyMs() != null) {
                hard.add(peer);
            }
        }
        Peers peers = new Peers(hard.toArray(Peer[]::new), all.toArray(Peer[]::new));
        state.write(KEY, peers);
        return peers;
    }

    /**
     * Narrows the candidates to the neighbourhood of the first limited peer: the nodes outside it
     * fail that peer, the first the filter checks, so they read the same either way.
     */
    @Override
    public PreFilterResult preFilter(CycleState state) {
        Peer[] hard = peers(state).hard();
        if (hard.length == 0) {
            return PreFilterResult.skip();
        }
        return state.view()
                .network()
                .within(hard[0].target(), hard[0].maxMs())
                .map(near -> PreFilterResult.narrow(hard[0].tooFar().summary(), near))
                .orElse(PreFilterResult.proceed());
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        for (Peer peer : state.read(KEY).hard()) {
            double rtt = state.view().network().rttMs(node, peer.target());
            if (Double.isNaN(rtt)) {
                return peer.unknown();
            }
            if (rtt > peer.maxMs()) {
                return peer.tooFar();
            }
        }
        return FilterResult.fits();
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        for (Peer peer : state.read(KEY).hard()) {
            double rtt = state.view().network().rttMs(node, peer.target());
            if (Double.isNaN(rtt) || rtt > peer.maxMs()) {
                return Amounts.ms(rtt) + " to the nearest copy of " + peer.component() + " (limit "
                        + Amounts.ms(peer.maxMs()) + ")";
            }
        }
        return "every linked component is near enough";
    }

    @Override
    public boolean preScore(CycleState state) {
        return peers(state).all().length > 0;
    }

    @Override
    public double score(CycleState state, NodeInfo node) {
        Peer[] all = state.read(KEY).all();
        double sum = 0;
        for (Peer peer : all) {
            sum += LatencyFit.closeness(state.view().network().rttMs(node, peer.target()));
        }
        return sum / all.length;
    }
}
