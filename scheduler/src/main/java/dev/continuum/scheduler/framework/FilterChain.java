package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile's filters as prepared for one decision, checking one node at a time. Plugins that
 * restricted or narrowed the candidates by index come first, in profile order, then those that
 * check node by node: the same order the fast path counts rejections in, so a node's first
 * rejection is the same whichever way it was found. Plugins whose pre-filter said {@code skip} are
 * left out; one that said {@code unschedulable} rejects every node.
 */
public final class FilterChain {

    private final CycleState state;
    private final FilterPlugin[] plugins;
    private final FilterResult[] rejectAll;
    private final int[] positions;
    /** Whether the candidates already reflect the plugin's verdict exactly, so the walk skips it. */
    private final boolean[] indexed;

    private FilterResult last;

    FilterChain(CycleState state, List<Plugin> filters, PreFilterResult[] results) {
        this.state = state;
        List<FilterPlugin> first = new ArrayList<>();
        List<FilterResult> firstRejectAll = new ArrayList<>();
        List<Integer> firstPositions = new ArrayList<>();
        List<Boolean> firstIndexed = new ArrayList<>();
        List<FilterPlugin> then = new ArrayList<>();
        List<Integer> thenPositions = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            Plugin p = filters.get(i);
            PreFilterResult r = results[i];
            switch (r.kind()) {
                case SKIP -> {}
                case RESTRICT, NARROW -> {
                    if (!(p instanceof FilterPlugin f)) {
                        throw new IllegalStateException(
                                p.name() + " restricts candidates but has no filter to explain it");
                    }
                    first.add(f);
                    firstRejectAll.add(null);
                    firstPositions.add(i);
                    firstIndexed.add(r.kind() == PreFilterResult.Kind.RESTRICT);
                }
                case UNSCHEDULABLE -> {
                    first.add(p instanceof FilterPlugin f ? f : new Unschedulable(p.name(), r.summary()));
                    firstRejectAll.add(FilterResult.rejected(r.summary()));
                    firstPositions.add(i);
                    firstIndexed.add(true);
                }
                case PROCEED -> {
                    if (p instanceof FilterPlugin f) {
                        then.add(f);
                        thenPositions.add(i);
                    }
                }
            }
        }
        first.addAll(then);
        firstPositions.addAll(thenPositions);
        this.plugins = first.toArray(FilterPlugin[]::new);
        this.positions = firstPositions.stream().mapToInt(Integer::intValue).toArray();
        this.indexed = new boolean[plugins.length];
        for (int i = 0; i < firstIndexed.size(); i++) {
            indexed[i] = firstIndexed.get(i);
        }
        this.rejectAll = new FilterResult[plugins.length];
        for (int i = 0; i < firstRejectAll.size(); i++) {
            rejectAll[i] = firstRejectAll.get(i);
        }
    }

    /** Index of the first plugin that rejects {@code node}, or -1 when it fits every filter. */
    public int check(NodeInfo node) {
        for (int i = 0; i < plugins.length; i++) {
            FilterResult r = rejectAll[i] != null ? rejectAll[i] : plugins[i].filter(state, node);
            if (!r.isFit()) {
                last = r;
                return i;
            }
        }
        last = null;
        return -1;
    }

    /** Like {@link #check} for a candidate, skipping the plugins the candidates already reflect exactly. */
    int checkUnindexed(NodeInfo node) {
        for (int i = 0; i < plugins.length; i++) {
            if (indexed[i]) {
                continue;
            }
            FilterResult r = plugins[i].filter(state, node);
            if (!r.isFit()) {
                last = r;
                return i;
            }
        }
        last = null;
        return -1;
    }

    /** The rejection the last {@link #check} returned an index for. */
    public FilterResult lastResult() {
        return last;
    }

    public FilterPlugin plugin(int index) {
        return plugins[index];
    }

    /** The chain index of the plugin at {@code position} in its profile's filter order; -1 when left out. */
    public int indexOfPosition(int position) {
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] == position) {
                return i;
            }
        }
        return -1;
    }

    /** Where plugin {@code index} stands in its profile's filter order. */
    public int position(int index) {
        return positions[index];
    }

    public int size() {
        return plugins.length;
    }

    /** The sentence for a person on why plugin {@code index} rejected {@code node}. */
    public String reason(int index, NodeInfo node) {
        return rejectAll[index] != null ? rejectAll[index].summary() : plugins[index].reason(state, node);
    }

    /** Whether evicting instances could change plugin {@code index}'s verdict. */
    public boolean isCapacity(int index) {
        return rejectAll[index] == null && plugins[index] instanceof CapacityFilter;
    }

    /** Stands in for a pre-filter-only plugin that found nothing can fit. */
    private record Unschedulable(String name, String summary) implements FilterPlugin {
        @Override
        public FilterResult filter(CycleState state, NodeInfo node) {
            return FilterResult.rejected(summary);
        }

        @Override
        public String reason(CycleState state, NodeInfo node) {
            return summary;
        }
    }
}
