package dev.continuum.scheduler.plugins.eligibility;

import dev.continuum.model.Condition;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import java.util.Optional;

/** Rejects nodes whose {@code Ready} condition is not {@code True}, and cordoned ones ({@code spec.unschedulable}). */
public final class NodeEligibility implements PreFilterPlugin, FilterPlugin {

    public static final String NAME = "NodeEligibility";

    static final FilterResult NOT_READY = FilterResult.rejected("not ready");
    static final FilterResult CORDONED = FilterResult.rejected("unschedulable");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        return PreFilterResult.restrict(NOT_READY.summary(), state.view().readyNodes())
                .thenRestrict(CORDONED.summary(), state.view().schedulableNodes());
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        if (!node.ready()) {
            return NOT_READY;
        }
        return node.unschedulable() ? CORDONED : FilterResult.fits();
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        if (!node.ready()) {
            Optional<Condition> ready = node.node().readyCondition();
            return ready.map(c -> "node is not Ready (Ready=" + c.status()
                            + (c.reason() == null ? "" : ", " + c.reason()) + ")")
                    .orElse("node has never reported Ready");
        }
        return "node is cordoned (spec.unschedulable)";
    }
}
