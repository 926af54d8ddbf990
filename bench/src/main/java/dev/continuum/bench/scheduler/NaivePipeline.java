package dev.continuum.bench.scheduler;

import dev.continuum.scheduler.ClusterView;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.Scheduler;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.Evaluation;
import dev.continuum.scheduler.framework.Pipeline;
import dev.continuum.scheduler.framework.Profile;

/**
 * The baseline: the same plugins with no indexes and no sampling — every node through every filter,
 * every fitting node scored and normalized, the best taken. What a straightforward implementation
 * of the same placement rules costs; it shares the network model's memo, so it is not slowed by
 * recomputing paths.
 */
final class NaivePipeline {

    private final Scheduler scheduler;

    NaivePipeline(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** The chosen node, or null when nothing fits. */
    String place(PlacementRequest request, ClusterView view) {
        Profile profile = scheduler.profile(request.profile()).orElseThrow();
        Evaluation e = Pipeline.evaluate(profile, CycleState.of(request, view));
        return e.best() < 0 ? null : e.fitting(e.best()).name();
    }
}
