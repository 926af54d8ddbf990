package dev.continuum.scheduler.plugins.spread;

import dev.continuum.model.Placement;
import dev.continuum.model.SpreadConstraint;
import dev.continuum.scheduler.BoundInstance;
import dev.continuum.scheduler.ClusterView;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.NodeSet;
import dev.continuum.scheduler.Topology;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.PreScorePlugin;
import dev.continuum.scheduler.framework.ScoreExtensions;
import dev.continuum.scheduler.framework.ScorePlugin;
import dev.continuum.scheduler.framework.StateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Filter, per {@code placement.spread} constraint: placing the copy in the node's domain must not
 * leave that domain more than {@code maxSkew} (default 1) copies ahead of the emptiest eligible
 * domain — {@code copies(domain) + 1 - min <= maxSkew}, as Kubernetes' topology spread. Eligible
 * domains are those of the nodes the component could run on by its static constraints: Ready,
 * schedulable, with its runtime, platform, tier, real-time cores and node-selector labels (as
 * Kubernetes counts the nodes matching a pod's node affinity); a node outside every domain of the
 * topology is rejected.
 *
 * <p>Score: fewer copies in the node's domains is better, over the request's topologies or, when
 * it gives none, node and zone; normalized across the ranked nodes.
 */
public final class TopologySpread
        implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions {

    public static final String NAME = "TopologySpread";

    private static final Topology[] DEFAULT = {Topology.NODE, Topology.ZONE};

    private record Constraint(
            Topology topology, int maxSkew, DomainCounts counts, int min, FilterResult skewed, FilterResult outside) {}

    private record Hard(Constraint[] constraints) {}

    private record Soft(Topology[] topologies, DomainCounts[] counts) {}

    private static final StateKey<Hard> HARD = StateKey.of(Hard.class);
    private static final StateKey<Soft> SOFT = StateKey.of(Soft.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        List<SpreadConstraint> spread = state.placement().spread();
        if (spread.isEmpty()) {
            return PreFilterResult.skip();
        }
        List<BoundInstance> copies = copies(state);
        List<Constraint> constraints = new ArrayList<>();
        for (SpreadConstraint c : spread) {
            if (c == null) {
                continue;
            }
            Topology t = Topology.parse(c.by()).orElse(null);
            if (t == null) {
                return PreFilterResult.unschedulable("spread by \"" + c.by() + "\" is not a topology");
            }
            int maxSkew = c.maxSkew() == null ? 1 : c.maxSkew();
            DomainCounts counts = count(copies, t, state.view());
            constraints.add(new Constraint(
                    t,
                    maxSkew,
                    counts,
                    emptiest(state, t, counts),
                    FilterResult.rejected("spread by " + t.wireName() + " would exceed maxSkew " + maxSkew),
                    FilterResult.rejected("no " + t.wireName() + " to spread by")));
        }
        state.write(HARD, new Hard(constraints.toArray(Constraint[]::new)));
        return PreFilterResult.proceed();
    }

    /** The instance's other copies, where the view knows their node. */
    private static List<BoundInstance> copies(CycleState state) {
        List<BoundInstance> all = state.view()
                .copiesOf(
                        state.request().namespace(),
                        state.request().application(),
                        state.request().componentName());
        List<BoundInstance> others = new ArrayList<>(all.size());
        for (BoundInstance i : all) {
            if (i.nodeSlot() >= 0 && !i.name().equals(state.request().name())) {
                others.add(i);
            }
        }
        return others;
    }

    private static DomainCounts count(List<BoundInstance> copies, Topology t, ClusterView view) {
        DomainCounts counts = new DomainCounts();
        for (BoundInstance i : copies) {
            int d = view.nodeAt(i.nodeSlot()).domain(t);
            if (d >= 0) {
                counts.increment(d);
            }
        }
        return counts;
    }

    /** The fewest copies in any eligible domain; stops at the first empty one. */
    private static int emptiest(CycleState state, Topology t, DomainCounts counts) {
        ClusterView view = state.view();
        Placement p = state.placement();
        List<NodeSet> required = new ArrayList<>(List.of(
                view.readyNodes(),
                view.schedulableNodes(),
                view.nodesWithRuntime(state.component().runtime())));
        if (Boolean.TRUE.equals(p.realtime())) {
            required.add(view.realtimeNodes());
        }
        List<List<NodeSet>> anyOf = new ArrayList<>();
        anyOf.add(p.arch().stream().map(view::nodesWithArch).toList());
        anyOf.add(p.os().stream().map(view::nodesWithOs).toList());
        anyOf.add(p.tiers().stream().map(view::nodesInTier).toList());
        int min = Integer.MAX_VALUE;
        int words = (view.slotLimit() + 63) >>> 6;
        for (int w = 0; w < words && min > 0; w++) {
            long bits = -1L;
            for (NodeSet set : required) {
                bits &= set.word(w);
            }
            for (List<NodeSet> sets : anyOf) {
                if (!sets.isEmpty()) {
                    long any = 0;
                    for (NodeSet set : sets) {
                        any |= set.word(w);
                    }
                    bits &= any;
                }
            }
            for (; bits != 0 && min > 0; bits &= bits - 1) {
                NodeInfo node = view.nodeAt((w << 6) + Long.numberOfTrailingZeros(bits));
                int d = node.domain(t);
                if (d >= 0 && selected(p.nodeSelector(), node)) {
                    min = Math.min(min, counts.get(d));
                }
            }
        }
        return min == Integer.MAX_VALUE ? 0 : min;
    }

    private static boolean selected(Map<String, String> selector, NodeInfo node) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        for (Constraint c : state.read(HARD).constraints()) {
            int d = node.domain(c.topology());
            if (d < 0) {
                return c.outside();
            }
            if (c.counts().get(d) + 1 - c.min() > c.maxSkew()) {
                return c.skewed();
            }
        }
        return FilterResult.fits();
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        for (Constraint c : state.read(HARD).constraints()) {
            String topology = c.topology().wireName();
            int d = node.domain(c.topology());
            if (d < 0) {
                return "node has no " + topology;
            }
            if (c.counts().get(d) + 1 - c.min() > c.maxSkew()) {
                return topology + " " + node.domainName(c.topology()) + " holds "
                        + c.counts().get(d)
                        + " copies; the emptiest eligible " + topology + " holds " + c.min() + " (maxSkew "
                        + c.maxSkew() + ")";
            }
        }
        return "spread holds";
    }

    @Override
    public boolean preScore(CycleState state) {
        List<BoundInstance> copies = copies(state);
        if (copies.isEmpty()) {
            return false;
        }
        List<SpreadConstraint> spread = state.placement().spread();
        Topology[] topologies = spread.isEmpty()
                ? DEFAULT
                : spread.stream()
                        .filter(c -> c != null)
                        .map(c -> Topology.parse(c.by()).orElse(Topology.NODE))
                        .distinct()
                        .toArray(Topology[]::new);
        DomainCounts[] counts = new DomainCounts[topologies.length];
        for (int i = 0; i < topologies.length; i++) {
            counts[i] = count(copies, topologies[i], state.view());
        }
        state.write(SOFT, new Soft(topologies, counts));
        return true;
    }

    /** Raw: copies already in the node's domains; normalized so that fewer is better. */
    @Override
    public double score(CycleState state, NodeInfo node) {
        Soft soft = state.read(SOFT);
        int sum = 0;
        for (int i = 0; i < soft.topologies().length; i++) {
            int d = node.domain(soft.topologies()[i]);
            if (d >= 0) {
                sum += soft.counts()[i].get(d);
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, double[] scores, int count) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            min = Math.min(min, scores[k]);
            max = Math.max(max, scores[k]);
        }
        for (int k = 0; k < count; k++) {
            scores[k] = max == min ? 100 : 100 * (max - scores[k]) / (max - min);
        }
    }
}
