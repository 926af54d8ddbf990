package dev.continuum.scheduler.framework;

/**
 * Prepares scoring once per decision and says whether the plugin has anything to rate: a tier
 * preference with no preferred tiers does not apply, and then takes no part in the weighted mean.
 */
public interface PreScorePlugin extends Plugin {

    /** Returns false to sit this decision out. Called once per decision, after filtering. */
    boolean preScore(CycleState state);
}
