package dev.continuum.controller.disconnect;

import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.model.Application;
import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Explanation;
import dev.continuum.scheduler.NodeVerdict;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.Scheduler;
import java.util.Optional;

/**
 * The {@code bestScore} strategy's question: would the scheduler, placing the component now, score
 * the original's node at least as well as the replacement's? Both copies are taken out of the
 * cluster (so that neither counts against its own node), and the component is scored as it is
 * declared now. A node that no longer fits loses; a tie keeps the original, so nothing moves for
 * nothing. Reads the informers' caches; thread-safe.
 */
public final class PlacementComparison {

    private static final double TIE = 1e-9;

    private final Scheduler scheduler;
    private final Informer<Node> nodes;
    private final Informer<Instance> instances;
    private final Informer<Application> applications;

    public PlacementComparison(
            Scheduler scheduler,
            Informer<Node> nodes,
            Informer<Instance> instances,
            Informer<Application> applications) {
        this.scheduler = scheduler;
        this.nodes = nodes;
        this.instances = instances;
        this.applications = applications;
    }

    /** True when the original's node fits and scores at least as well as the replacement's. */
    public boolean originalScoresAtLeastAsWell(Instance original, Instance replacement) {
        ClusterState state =
                ClusterState.of(nodes.cache().list(), instances.cache().list());
        state.removeInstance(
                original.metadata().namespace(), original.metadata().name());
        state.removeInstance(
                replacement.metadata().namespace(), replacement.metadata().name());
        Instance probe = original.withSpec(
                original.spec().withNode(null).withTemplate(replacement.spec().template()));
        Optional<Application> app = applications
                .cache()
                .get(new ObjectKey(
                        original.metadata().namespace(), original.spec().application()));
        PlacementRequest request =
                app.map(a -> PlacementRequest.of(probe, a, state)).orElseGet(() -> PlacementRequest.of(probe));
        Explanation explanation = scheduler.explain(request, state);
        Optional<NodeVerdict> kept = explanation.node(original.spec().node()).filter(NodeVerdict::fits);
        Optional<NodeVerdict> other =
                explanation.node(replacement.spec().node()).filter(NodeVerdict::fits);
        if (kept.isEmpty()) {
            return false;
        }
        return other.isEmpty() || kept.get().score() >= other.get().score() - TIE;
    }
}
