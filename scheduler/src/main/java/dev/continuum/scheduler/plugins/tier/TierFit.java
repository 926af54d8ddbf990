package dev.continuum.scheduler.plugins.tier;

import dev.continuum.model.Tier;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.NodeSet;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.PreScorePlugin;
import dev.continuum.scheduler.framework.ScorePlugin;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Filter: the node's tier must be one of {@code placement.tiers} (when given). Score: the earlier a
 * node's tier comes in {@code placement.preferredTiers}, the higher — the first gets 100, the last
 * of n gets 100/n, tiers not listed 0.
 */
public final class TierFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "TierFit";

    static final FilterResult WRONG_TIER = FilterResult.rejected("wrong tier");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        List<Tier> tiers = state.placement().tiers();
        if (tiers.isEmpty()) {
            return PreFilterResult.skip();
        }
        NodeSet[] sets = tiers.stream()
                .filter(t -> t != null)
                .map(state.view()::nodesInTier)
                .toArray(NodeSet[]::new);
        return PreFilterResult.restrict(WRONG_TIER.summary(), sets);
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        return node.tier() != null && state.placement().tiers().contains(node.tier())
                ? FilterResult.fits()
                : WRONG_TIER;
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        return (node.tier() == null
                        ? "node has no tier"
                        : "node is " + node.tier().wireName()) + "; allowed: "
                + state.placement().tiers().stream().map(Tier::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public boolean preScore(CycleState state) {
        return !state.placement().preferredTiers().isEmpty();
    }

    @Override
    public double score(CycleState state, NodeInfo node) {
        List<Tier> preferred = state.placement().preferredTiers();
        int at = node.tier() == null ? -1 : preferred.indexOf(node.tier());
        return at < 0 ? 0 : 100.0 * (preferred.size() - at) / preferred.size();
    }
}
