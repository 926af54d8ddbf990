package dev.continuum.scheduler.plugins.nodeselector;

import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.NodeSet;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.StateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rejects nodes that lack any label of {@code placement.nodeSelector} with the same value; by the
 * view's label index when it has one for every pair, else node by node.
 */
public final class NodeSelectorFit implements PreFilterPlugin, FilterPlugin {

    public static final String NAME = "NodeSelectorFit";

    private record Selector(String[] keys, String[] values, FilterResult mismatch) {}

    private static final StateKey<Selector> KEY = StateKey.of(Selector.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        Map<String, String> selector = state.placement().nodeSelector();
        if (selector.isEmpty()) {
            return PreFilterResult.skip();
        }
        List<String> pairs = new ArrayList<>();
        selector.forEach((k, v) -> pairs.add(k + "=" + v));
        String summary =
                pairs.size() == 1 ? "no label " + pairs.getFirst() : "labels do not match " + String.join(", ", pairs);
        Selector s = new Selector(
                selector.keySet().toArray(String[]::new),
                selector.values().toArray(String[]::new),
                FilterResult.rejected(summary));
        state.write(KEY, s);
        PreFilterResult result = null;
        for (int i = 0; i < s.keys().length; i++) {
            Optional<NodeSet> labelled = state.view().nodesWithLabel(s.keys()[i], s.values()[i]);
            if (labelled.isEmpty()) {
                return PreFilterResult.proceed();
            }
            result = result == null
                    ? PreFilterResult.restrict(summary, labelled.get())
                    : result.thenRestrict(summary, labelled.get());
        }
        return result;
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        Selector s = state.read(KEY);
        Map<String, String> labels = node.labels();
        for (int i = 0; i < s.keys().length; i++) {
            if (!s.values()[i].equals(labels.get(s.keys()[i]))) {
                return s.mismatch();
            }
        }
        return FilterResult.fits();
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        Selector s = state.read(KEY);
        for (int i = 0; i < s.keys().length; i++) {
            String actual = node.labels().get(s.keys()[i]);
            if (!s.values()[i].equals(actual)) {
                return actual == null
                        ? "node has no label " + s.keys()[i] + " (wants " + s.values()[i] + ")"
                        : "node label " + s.keys()[i] + " is " + actual + " (wants " + s.values()[i] + ")";
            }
        }
        return "node labels match";
    }
}
