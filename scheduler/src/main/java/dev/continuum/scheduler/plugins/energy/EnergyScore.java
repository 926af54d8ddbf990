package dev.continuum.scheduler.plugins.energy;

import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.ScoreExtensions;
import dev.continuum.scheduler.framework.ScorePlugin;

/**
 * Prefers nodes that draw fewer watts per allocatable core ({@code status.power.watts}), a proxy
 * for the energy a unit of work costs there. Raw watts per core are ranked against each other: the
 * most frugal node gets 100, the hungriest 0; nodes that report no draw get 50, neither rewarded
 * nor punished for it.
 */
public final class EnergyScore implements ScorePlugin, ScoreExtensions {

    public static final String NAME = "EnergyScore";

    private static final double UNREPORTED = 50;

    @Override
    public String name() {
        return NAME;
    }

    /** Raw: watts per allocatable core; NaN when the node reports no draw. */
    @Override
    public double score(CycleState state, NodeInfo node) {
        double watts = node.watts();
        if (Double.isNaN(watts)) {
            return Double.NaN;
        }
        return watts / Math.max(1.0, node.allocatableCpuMilli() / 1000.0);
    }

    @Override
    public void normalize(CycleState state, double[] scores, int count) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            if (!Double.isNaN(scores[k])) {
                min = Math.min(min, scores[k]);
                max = Math.max(max, scores[k]);
            }
        }
        for (int k = 0; k < count; k++) {
            if (Double.isNaN(scores[k])) {
                scores[k] = UNREPORTED;
            } else {
                scores[k] = max == min ? 100 : 100 * (max - scores[k]) / (max - min);
            }
        }
    }
}
