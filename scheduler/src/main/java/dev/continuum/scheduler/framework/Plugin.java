package dev.continuum.scheduler.framework;

/**
 * A scheduling plugin: one concern (tier, latency, resources, ...) that implements one or more
 * extension points — {@link PreFilterPlugin}, {@link FilterPlugin}, {@link PreScorePlugin},
 * {@link ScorePlugin}, {@link ScoreExtensions}, {@link PostFilterPlugin} — detected with
 * {@code instanceof}.
 *
 * <p>Contract for every plugin: stateless between decisions (per-decision data goes in the
 * {@link CycleState}), deterministic (no clock, no randomness), never changes the view, and safe to
 * share between profiles and threads.
 */
public interface Plugin {

    /** The name shown in explanations and rejections, e.g. {@code TierFit}. */
    String name();
}
