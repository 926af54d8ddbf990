package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeInfo;

/**
 * What the fast path found: the chosen node and its score, or that nothing fit, with the counts
 * behind the one-line summary and the filter chain to explain or preempt with.
 */
public final class PipelineResult {

    private final NodeInfo node;
    private final double score;
    private final int nodes;
    private final int checked;
    private final int fit;
    private final RejectionTally tally;
    private final FilterChain chain;
    private final int[] reclaimable;

    PipelineResult(
            NodeInfo node,
            double score,
            int nodes,
            int checked,
            int fit,
            RejectionTally tally,
            FilterChain chain,
            int[] reclaimable) {
        this.node = node;
        this.score = score;
        this.nodes = nodes;
        this.checked = checked;
        this.fit = fit;
        this.tally = tally;
        this.chain = chain;
        this.reclaimable = reclaimable;
    }

    public boolean placed() {
        return node != null;
    }

    /** The chosen node; null when nothing fit. */
    public NodeInfo node() {
        return node;
    }

    /** The chosen node's weighted score, 0–100. */
    public double score() {
        return score;
    }

    /** Nodes in the view. */
    public int nodes() {
        return nodes;
    }

    /** Nodes the filters looked at one by one (the rest were decided by index or not reached). */
    public int checked() {
        return checked;
    }

    /** Fitting nodes found and ranked. */
    public int fit() {
        return fit;
    }

    /** Rejected nodes by plugin and summary; complete when nothing fit. */
    public RejectionTally tally() {
        return tally;
    }

    public FilterChain chain() {
        return chain;
    }

    /**
     * When nothing fit: the slots of the nodes whose first rejection came from a
     * {@link CapacityFilter}, in slot order — the only nodes evicting instances could open up.
     */
    public int[] reclaimable() {
        return reclaimable.clone();
    }
}
