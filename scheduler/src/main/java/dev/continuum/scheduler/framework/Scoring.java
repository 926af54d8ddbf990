package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeInfo;
import java.util.List;

/**
 * Ranks fitting nodes: each applicable scorer rates every node, normalizes if it has
 * {@link ScoreExtensions}, and the total is the weighted mean of the applicable scorers, 0–100.
 * Ties go to the node found first, which keeps decisions deterministic.
 */
final class Scoring {

    private Scoring() {}

    /**
     * Fills {@code matrix[scorer][k]} and {@code totals[k]} for {@code nodes[0..count)} and
     * {@code applies[scorer]}; returns the index of the best node.
     */
    static int rank(
            Profile profile,
            CycleState state,
            NodeInfo[] nodes,
            int count,
            double[][] matrix,
            double[] totals,
            boolean[] applies) {
        List<ScorePlugin> scorers = profile.scorers();
        double weightSum = 0;
        for (int i = 0; i < scorers.size(); i++) {
            ScorePlugin s = scorers.get(i);
            applies[i] = !(s instanceof PreScorePlugin pre) || pre.preScore(state);
            if (!applies[i]) {
                continue;
            }
            weightSum += profile.weight(i);
            double[] row = matrix[i];
            for (int k = 0; k < count; k++) {
                row[k] = s.score(state, nodes[k]);
            }
            if (s instanceof ScoreExtensions ext) {
                ext.normalize(state, row, count);
            }
            for (int k = 0; k < count; k++) {
                double v = row[k];
                row[k] = Double.isNaN(v) ? 0 : Math.max(0, Math.min(100, v));
            }
        }
        int best = 0;
        for (int k = 0; k < count; k++) {
            double t = 0;
            for (int i = 0; i < scorers.size(); i++) {
                if (applies[i]) {
                    t += profile.weight(i) * matrix[i][k];
                }
            }
            totals[k] = weightSum == 0 ? 0 : t / weightSum;
            if (totals[k] > totals[best]) {
                best = k;
            }
        }
        return best;
    }
}
