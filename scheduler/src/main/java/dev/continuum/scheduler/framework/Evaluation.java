package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeInfo;
import java.util.List;

/**
 * The exhaustive answer for one request: every node's first rejection or, for those that fit,
 * every scorer's normalized score and the weighted total. What explanations, re-evaluation and the
 * property tests read; the fast path must agree with it on what fits.
 */
public final class Evaluation {

    private final Profile profile;
    private final FilterChain chain;
    private final NodeInfo[] nodes;
    private final int[] rejectedBy;
    private final FilterResult[] results;
    private final RejectionTally tally;
    private final NodeInfo[] fitting;
    private final int fitCount;
    private final double[][] matrix;
    private final double[] totals;
    private final boolean[] applies;
    private final int best;

    Evaluation(
            Profile profile,
            FilterChain chain,
            NodeInfo[] nodes,
            int[] rejectedBy,
            FilterResult[] results,
            RejectionTally tally,
            NodeInfo[] fitting,
            int fitCount,
            double[][] matrix,
            double[] totals,
            boolean[] applies,
            int best) {
        this.profile = profile;
        this.chain = chain;
        this.nodes = nodes;
        this.rejectedBy = rejectedBy;
        this.results = results;
        this.tally = tally;
        this.fitting = fitting;
        this.fitCount = fitCount;
        this.matrix = matrix;
        this.totals = totals;
        this.applies = applies;
        this.best = best;
    }

    /** Every node of the view, in slot order. */
    public int nodeCount() {
        return nodes.length;
    }

    public NodeInfo node(int i) {
        return nodes[i];
    }

    /** Chain index of the plugin that rejected node {@code i}; -1 when it fits. */
    public int rejectedBy(int i) {
        return rejectedBy[i];
    }

    public FilterResult result(int i) {
        return results[i];
    }

    public FilterChain chain() {
        return chain;
    }

    public RejectionTally tally() {
        return tally;
    }

    public int fitCount() {
        return fitCount;
    }

    /** Fitting node {@code k}, in slot order. */
    public NodeInfo fitting(int k) {
        return fitting[k];
    }

    public double total(int k) {
        return totals[k];
    }

    /** Index of the best fitting node; -1 when none fits. */
    public int best() {
        return fitCount == 0 ? -1 : best;
    }

    /** Scorer {@code s}'s normalized score of fitting node {@code k}; NaN when the scorer sat out. */
    public double score(int s, int k) {
        return applies[s] ? matrix[s][k] : Double.NaN;
    }

    public List<ScorePlugin> scorers() {
        return profile.scorers();
    }

    public double weight(int s) {
        return profile.weight(s);
    }
}
