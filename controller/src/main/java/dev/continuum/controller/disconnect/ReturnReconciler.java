package dev.continuum.controller.disconnect;

import dev.continuum.controller.events.EventRecorder;
import dev.continuum.controller.node.LifecycleOptions;
import dev.continuum.controller.node.Reachability;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ReconcileResult;
import dev.continuum.model.Component;
import dev.continuum.model.Disconnection;
import dev.continuum.model.EventType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Node;
import dev.continuum.model.ReconcileStrategy;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.Result;
import dev.continuum.store.WriteResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a node is back (its lease renewed, its agent says Ready), decides for each of its copies that
 * were declared lost which copy survives: the original, or the replacement made meanwhile (the
 * newest copy of the same lineage that is not lost itself), by the component's {@code reconcile}:
 *
 * <pre>
 *   no replacement, or it is not placed yet ─► keep the original (unbound replacement deleted)
 *   keepOriginal                             ─► keep the original
 *   keepReplacement                          ─► keep the replacement
 *   bestScore                                ─► the copy whose node the scheduler scores higher now
 *                                               (a tie keeps the original: nothing moves)
 *
 *   keep the replacement: delete the original                 (its agent stops it)
 *   keep the original:    unmark it (not lost), delete the replacement — the original never stopped,
 *                         so it is not restarted
 *   keep the original of an at-most-one component: the replacement runs, so hand over —
 *        fence the replacement ─► wait until its agent reports it Stopped at its epoch (or its node
 *        has been unreachable long enough to have stopped it) ─► unmark the original with epoch =
 *        replacement's + 1 (a new epoch: its agent runs it again) ─► delete the replacement
 * </pre>
 *
 * Every write is a compare-and-swap on the version in the informer's cache; a conflict looks again.
 */
public final class ReturnReconciler {

    /** The Event when a returning node's lost copy is resolved. */
    public static final String RECONCILED = "DisconnectReconciled";

    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final ResourceStore store;
    private final Informer<Instance> instances;
    private final Reachability reachability;
    private final LifecycleOptions options;
    private final PlacementComparison placements;
    private final Clock clock;
    private final EventRecorder events;

    public ReturnReconciler(
            ResourceStore store,
            Informer<Instance> instances,
            Reachability reachability,
            LifecycleOptions options,
            PlacementComparison placements,
            Clock clock,
            EventRecorder events) {
        this.store = store;
        this.instances = instances;
        this.reachability = reachability;
        this.options = options;
        this.placements = placements;
        this.clock = clock;
        this.events = events;
    }

    /** Resolves every lost copy bound to {@code node}, which is back. */
    public ReconcileResult reconcile(Node node, List<Instance> bound) {
        ReconcileResult result = ReconcileResult.done();
        for (Instance original : bound) {
            if (!Disconnection.lost(original)) {
                continue;
            }
            ReconcileResult one = resolve(node, original);
            if (!one.equals(ReconcileResult.done())) {
                result = one;
            }
        }
        return result;
    }

    /** The newest copy of the original's lineage that is not lost itself, with a higher epoch. */
    Optional<Instance> replacementOf(Instance original) {
        return instances
                .cache()
                .byIndex(
                        DisconnectController.BY_LINEAGE,
                        original.metadata().namespace() + "/" + Disconnection.lineage(original))
                .stream()
                .filter(i -> !i.metadata().name().equals(original.metadata().name()))
                .filter(i -> !Disconnection.lost(i))
                .filter(i -> i.spec().epoch() > original.spec().epoch())
                .max(Comparator.comparingLong(i -> i.spec().epoch()));
    }

    private ReconcileResult resolve(Node node, Instance original) {
        Component template = original.spec().template();
        Optional<Instance> found = replacementOf(original);
        String name = original.metadata().qualifiedName();
        if (found.isEmpty() || !found.get().isBound()) {
            found.ifPresent(this::delete);
            // A fenced original runs again only at a new epoch; any other keeps running as it is.
            long epoch = Disconnection.fenced(original)
                    ? Math.max(
                                    original.spec().epoch(),
                                    found.map(r -> r.spec().epoch()).orElse(0L))
                            + 1
                    : original.spec().epoch();
            return keep(
                    original,
                    epoch,
                    "node " + node.metadata().name() + " is back and no replacement of " + name
                            + " was running: keeping it");
        }
        Instance replacement = found.get();
        ReconcileStrategy strategy = Disconnection.reconcile(template);
        boolean keepOriginal = switch (strategy) {
            case KEEP_ORIGINAL -> true;
            case KEEP_REPLACEMENT -> false;
            case BEST_SCORE -> placements.originalScoresAtLeastAsWell(original, replacement);
        };
        String how = "node " + node.metadata().name() + " is back; reconcile " + strategy.wireName() + " keeps ";
        if (!keepOriginal) {
            Result<Instance> deleted = delete(original);
            if (deleted.ok()) {
                events.record(
                        replacement,
                        EventType.NORMAL,
                        RECONCILED,
                        how + "the replacement " + replacement.metadata().qualifiedName() + " on "
                                + replacement.spec().node() + "; the original " + name + " was deleted");
            }
            return deleted.outcome() == Outcome.CONFLICT
                    ? ReconcileResult.requeueAfter(Duration.ZERO)
                    : ReconcileResult.done();
        }
        String kept = how + "the original " + name + "; the replacement "
                + replacement.metadata().qualifiedName() + " on "
                + replacement.spec().node() + " was deleted";
        if (!Disconnection.atMostOne(template)) {
            ReconcileResult unmarked = keep(original, original.spec().epoch(), kept);
            if (unmarked.equals(ReconcileResult.done())) {
                delete(replacement);
            }
            return unmarked;
        }
        return handOver(original, replacement, kept);
    }

    /** At most one copy runs: the replacement stops before the original runs again. */
    private ReconcileResult handOver(Instance original, Instance replacement, String kept) {
        if (!Disconnection.fenced(replacement)) {
            Map<String, String> annotations =
                    new HashMap<>(replacement.metadata().annotations());
            annotations.put(
                    Disconnection.FENCED,
                    "reconcile keeps the original " + original.metadata().name() + ", whose node is back");
            Result<Instance> fenced =
                    store.update(replacement.withMetadata(replacement.metadata().withAnnotations(annotations)));
            return fenced.outcome() == Outcome.CONFLICT
                    ? ReconcileResult.requeueAfter(Duration.ZERO)
                    : ReconcileResult.requeueAfter(RECHECK);
        }
        if (!stopped(replacement)) {
            return ReconcileResult.requeueAfter(RECHECK); // its agent's Stopped report wakes us sooner
        }
        ReconcileResult unmarked = keep(original, replacement.spec().epoch() + 1, kept);
        if (unmarked.equals(ReconcileResult.done())) {
            delete(replacement);
        }
        return unmarked;
    }

    /**
     * True when a fenced copy is known not to run: its agent reported it Stopped at its epoch, or its
     * node has been unreachable for longer than the copy may run cut off.
     */
    private boolean stopped(Instance copy) {
        if (!copy.isBound()) {
            return true;
        }
        if (copy.status().phase() == InstancePhase.STOPPED
                && copy.status().observedEpoch() == copy.spec().epoch()) {
            return true;
        }
        String node = copy.spec().node();
        Optional<Instant> since = reachability.unreachableSince(node);
        Optional<Duration> stop = Disconnection.stopOnNodeAfter(copy.spec().template(), reachability.grace(node));
        return since.isPresent()
                && stop.isPresent()
                && !since.get().plus(stop.get()).plus(options.fencingMargin()).isAfter(clock.instant());
    }

    /**
     * Unmarks the original (not lost, not fenced) at {@code epoch}: the same epoch keeps a running
     * copy running; a higher one makes its agent start it again.
     */
    private ReconcileResult keep(Instance original, long epoch, String message) {
        Map<String, String> annotations = new HashMap<>(original.metadata().annotations());
        annotations.remove(Disconnection.LOST);
        annotations.remove(Disconnection.FENCED);
        Instance kept = original.withMetadata(original.metadata().withAnnotations(annotations));
        if (epoch != original.spec().epoch()) {
            kept = kept.withSpec(kept.spec().withEpoch(epoch));
        }
        Result<Instance> written = store.update(kept);
        if (written.outcome() == Outcome.CONFLICT) {
            return ReconcileResult.requeueAfter(Duration.ZERO);
        }
        if (written.ok()) {
            events.record(written.value(), EventType.NORMAL, RECONCILED, message);
        }
        return ReconcileResult.done();
    }

    private Result<Instance> delete(Instance i) {
        return store.delete(
                Instance.class,
                i.metadata().namespace(),
                i.metadata().name(),
                i.metadata().resourceVersion());
    }
}
