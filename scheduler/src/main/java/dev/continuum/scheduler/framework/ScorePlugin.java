package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeInfo;

/**
 * A soft preference: rates a node that fits, 0 (worst) to 100 (best), unless the plugin also
 * implements {@link ScoreExtensions}, whose normalize brings raw values to that range. The profile
 * weighs each plugin's score; a node's total is the weighted mean of the plugins that applied.
 *
 * <p>Contract: called only for nodes every filter accepted, after {@link PreScorePlugin#preScore}
 * when the plugin has one; must not allocate.
 */
public interface ScorePlugin extends Plugin {

    double score(CycleState state, NodeInfo node);
}
