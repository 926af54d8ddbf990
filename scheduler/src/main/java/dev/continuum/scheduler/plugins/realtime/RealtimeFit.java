package dev.continuum.scheduler.plugins.realtime;

import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;

/** With {@code placement.realtime}, rejects nodes that do not report {@code status.realtime}. */
public final class RealtimeFit implements PreFilterPlugin, FilterPlugin {

    public static final String NAME = "RealtimeFit";

    static final FilterResult NO_DEDICATED_CORES = FilterResult.rejected("no dedicated cores");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        if (!Boolean.TRUE.equals(state.placement().realtime())) {
            return PreFilterResult.skip();
        }
        return PreFilterResult.restrict(
                NO_DEDICATED_CORES.summary(), state.view().realtimeNodes());
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        return node.realtime() ? FilterResult.fits() : NO_DEDICATED_CORES;
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        return "node offers no dedicated cores (status.realtime)";
    }
}
