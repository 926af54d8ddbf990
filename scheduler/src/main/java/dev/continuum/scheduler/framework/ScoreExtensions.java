package dev.continuum.scheduler.framework;

/**
 * Optional for a {@link ScorePlugin} whose raw values only mean something next to each other
 * (watts per core, copies per domain): rewrites them to 0–100 across the nodes being ranked.
 */
public interface ScoreExtensions {

    /** Rewrites {@code scores[0..count)} in place to 0–100. Called once per decision. */
    void normalize(CycleState state, double[] scores, int count);
}
