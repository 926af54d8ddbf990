package dev.continuum.scheduler.plugins.accelerators;

import dev.continuum.scheduler.AcceleratorDemand;
import dev.continuum.scheduler.BoundInstance;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.CapacityFilter;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.PreScorePlugin;
import dev.continuum.scheduler.framework.ScorePlugin;
import dev.continuum.scheduler.framework.StateKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Filter: each of {@code placement.accelerators} needs a matching entry of the node (type, vendor,
 * model, memory per device) with enough devices not handed to bound instances; the candidates are
 * first narrowed by index to the nodes with an accelerator of the first request's type. Score: the share of
 * {@code placement.preferredAccelerators} the node could serve.
 */
public final class AcceleratorFit implements PreFilterPlugin, CapacityFilter, PreScorePlugin, ScorePlugin {

    public static final String NAME = "AcceleratorFit";

    private record Demands(AcceleratorDemand[] required, String wanted, FilterResult missing) {}

    private static final StateKey<Demands> KEY = StateKey.of(Demands.class);
    private static final StateKey<AcceleratorDemand[]> PREFERRED = StateKey.of(AcceleratorDemand[].class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        AcceleratorDemand[] required = AcceleratorDemand.of(state.placement().accelerators());
        if (required.length == 0) {
            return PreFilterResult.skip();
        }
        String wanted = Arrays.stream(required).map(AcceleratorDemand::toString).collect(Collectors.joining(", "));
        Demands demands = new Demands(required, wanted, FilterResult.rejected("no free " + wanted));
        state.write(KEY, demands);
        String type = required[0].type();
        return PreFilterResult.narrow(
                demands.missing().summary(),
                type == null ? state.view().acceleratedNodes() : state.view().nodesWithAccelerator(type));
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        Demands d = state.read(KEY);
        return AcceleratorDemand.fits(d.required(), withoutSelf(state, node)) ? FilterResult.fits() : d.missing();
    }

    /** The node as if the instance being placed were not on it, when re-evaluating a running copy. */
    private static NodeInfo withoutSelf(CycleState state, NodeInfo node) {
        BoundInstance self = state.selfOn(node);
        return self == null ? node : node.without(List.of(self));
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        NodeInfo n = withoutSelf(state, node);
        if (n.acceleratorCount() == 0) {
            return "node offers no accelerators; component needs "
                    + state.read(KEY).wanted();
        }
        StringBuilder offered = new StringBuilder("node offers ");
        for (int e = 0; e < n.acceleratorCount(); e++) {
            var a = n.accelerator(e);
            if (e > 0) {
                offered.append(", ");
            }
            offered.append(a.type()).append(' ').append(a.vendor()).append(' ').append(a.model());
            offered.append(" (").append(n.acceleratorsFree(e)).append(" free)");
        }
        return offered.append("; component needs ")
                .append(state.read(KEY).wanted())
                .toString();
    }

    @Override
    public boolean preScore(CycleState state) {
        AcceleratorDemand[] preferred = AcceleratorDemand.of(state.placement().preferredAccelerators());
        state.write(PREFERRED, preferred);
        return preferred.length > 0;
    }

    @Override
    public double score(CycleState state, NodeInfo node) {
        AcceleratorDemand[] preferred = state.read(PREFERRED);
        int served = 0;
        for (AcceleratorDemand d : preferred) {
            if (d.fitsOn(node)) {
                served++;
            }
        }
        return 100.0 * served / preferred.length;
    }
}
