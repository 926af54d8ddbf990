package dev.continuum.controller.disconnect;

import dev.continuum.controller.events.EventRecorder;
import dev.continuum.controller.node.EvictionGate;
import dev.continuum.controller.node.LifecycleOptions;
import dev.continuum.controller.node.Reachability;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.controller.runtime.ReconcileResult;
import dev.continuum.controller.runtime.Reconciler;
import dev.continuum.controller.runtime.ResourceHandler;
import dev.continuum.controller.runtime.Timer;
import dev.continuum.controller.runtime.WorkQueue;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Disconnection;
import dev.continuum.model.EventType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Lease;
import dev.continuum.model.Node;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.Result;
import dev.continuum.store.StoreException;
import dev.continuum.store.WriteResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out each component's disconnect policy for the Instances of unreachable nodes, keyed by
 * node name: declares copies lost (so that their Application replaces them), fences at-most-one
 * copies, and, when the node returns, decides which copy survives ({@link ReturnReconciler}).
 *
 * <pre>
 *   node unreachable since U (Reachability)
 *     copy kept while now &lt; U + lostAfter', where
 *        lostAfter' = max(node's autonomy window, component lostAfter)          (replace: true)
 *        at-most-one: max(that, stopOnNodeAfter + fencingMargin)                 (needs stopOnNodeAfter)
 *        replace: false, or at-most-one without stopOnNodeAfter: never (kept until the node returns)
 *     then, if the EvictionGate admits the node:
 *        re-read the copy and the node's lease from the store; a renewal since aborts
 *        compare-and-swap the copy: annotation lost (at-most-one: and fenced)  ─► Event InstanceLost
 *        the Application controller makes the replacement (epoch + 1, same lineage)
 *   node back (lease renewed, Ready again) ─► ReturnReconciler
 *   node deleted (a user, or removed after its retention) ─► its copies are deleted once they would
 *        have been lost, and their Application makes new ones
 * </pre>
 *
 * <p>The fence is one half of the at-most-one handshake: the copy is marked with a compare-and-swap
 * on the version read together with a lease that shows no renewal, and the agent claims a cut-off
 * copy back with a compare-and-swap on the same object after renewing its lease, so exactly one of
 * the two wins; and by the time the fence may be written the agent has stopped the copy on its own
 * ({@code stopOnNodeAfter} from its last acknowledged renewal, which this control plane saw no
 * earlier than it was sent). See {@code docs/architecture/autonomy.md}.
 */
public final class DisconnectController implements Reconciler<ObjectKey> {

    /** Instance index: {@code spec.node} (bound Instances only). */
    public static final String BY_NODE = "disconnect-node";
    /** Instance index: {@code namespace/lineage}. */
    public static final String BY_LINEAGE = "lineage";

    /** The Event when a copy is declared lost. */
    public static final String INSTANCE_LOST = "InstanceLost";
    /** The Event when replacing is held back by the eviction gate. */
    public static final String REPLACEMENT_HELD = "ReplacementHeld";
    /** The Event when a copy of a lost node is deleted because the node itself is gone. */
    public static final String NODE_GONE = "NodeGone";

    private static final Duration PAST = Duration.ofMillis(1);
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final ResourceStore store;
    private final Informer<Node> nodes;
    private final Informer<Instance> instances;
    private final Reachability reachability;
    private final EvictionGate gate;
    private final LifecycleOptions options;
    private final Function<Node, Duration> autonomy;
    private final Clock clock;
    private final EventRecorder events;
    private final ReturnReconciler returns;
    private final Map<String, String> held = new HashMap<>();

    /**
     * @param autonomy a node's autonomy window (its own, or its tier's default)
     * @param returns decides, when a node is back, which of its lost copies survive
     */
    public DisconnectController(
            ResourceStore store,
            Informer<Node> nodes,
            Informer<Instance> instances,
            Reachability reachability,
            EvictionGate gate,
            LifecycleOptions options,
            Function<Node, Duration> autonomy,
            Clock clock,
            EventRecorder events,
            ReturnReconciler returns) {
        this.store = store;
        this.nodes = nodes;
        this.instances = instances;
        this.reachability = reachability;
        this.gate = gate;
        this.options = options;
        this.autonomy = autonomy;
        this.clock = clock;
        this.events = events;
        this.returns = returns;
    }

    /** The node of a bound Instance, the lineage of every Instance. */
    public static void addIndexes(Informer<Instance> instances) {
        instances.addIndex(BY_NODE, i -> i.isBound() ? List.of(i.spec().node()) : List.of());
        instances.addIndex(BY_LINEAGE, i -> List.of(i.metadata().namespace() + "/" + Disconnection.lineage(i)));
    }

    /**
     * Adds the handlers that put node names on {@code queue}: the node changed, its lease, one of
     * its Instances, or a copy of the same lineage elsewhere (a replacement reporting in). Call before
     * the informers start, after {@link #addIndexes}.
     */
    public void register(WorkQueue<ObjectKey> queue, Informer<Lease> leases) {
        nodes.addHandler(ResourceHandler.any(
                n -> queue.add(ObjectKey.cluster(n.metadata().name()))));
        leases.addHandler(ResourceHandler.any(
                l -> queue.add(ObjectKey.cluster(l.metadata().name()))));
        instances.addHandler(ResourceHandler.any(i -> {
            if (i.isBound()) {
                queue.add(ObjectKey.cluster(i.spec().node()));
            }
            for (Instance kin :
                    instances.cache().byIndex(BY_LINEAGE, i.metadata().namespace() + "/" + Disconnection.lineage(i))) {
                if (kin.isBound() && !kin.spec().node().equals(i.spec().node())) {
                    queue.add(ObjectKey.cluster(kin.spec().node()));
                }
            }
        }));
    }

    /** Puts every node that has Instances on {@code queue} now and every {@code interval}. */
    public void checkEvery(Duration interval, Timer timer, WorkQueue<ObjectKey> queue) {
        if (queue.isShutDown()) {
            return;
        }
        nodes.cache().keys().forEach(queue::add);
        for (Instance i : instances.cache().list()) {
            if (i.isBound()) {
                queue.add(ObjectKey.cluster(i.spec().node()));
            }
        }
        timer.schedule(interval, () -> checkEvery(interval, timer, queue));
    }

    /**
     * How long after its node became unreachable a copy counts as lost, or empty when it never does
     * while the node is away (see the class comment).
     */
    public Optional<Duration> lostAfter(Component component, Duration window, Duration grace) {
        if (component == null || !Disconnection.replace(component)) {
            return Optional.empty();
        }
        Duration after = max(window, Disconnection.lostAfter(component));
        if (Disconnection.atMostOne(component)) {
            Optional<Duration> stop = Disconnection.stopOnNodeAfter(component, grace);
            if (stop.isEmpty()) {
                return Optional.empty();
            }
            after = max(after, stop.get().plus(options.fencingMargin()));
        }
        return Optional.of(after);
    }

    @Override
    public ReconcileResult reconcile(ObjectKey key) {
        String name = key.name();
        if (reachability.storeTroubled()) {
            return ReconcileResult.requeueAfter(RECHECK);
        }
        Optional<Node> node = nodes.cache().get(key);
        List<Instance> bound = instances.cache().byIndex(BY_NODE, name);
        Optional<Instant> since = reachability.unreachableSince(name);
        if (since.isEmpty()) {
            gate.release(name);
            held.remove(name);
            if (node.isPresent() && node.get().isReady()) {
                return returns.reconcile(node.get(), bound);
            }
            return bound.stream().anyMatch(Disconnection::lost)
                    ? ReconcileResult.requeueAfter(RECHECK) // back, but its agent has not said Ready yet
                    : ReconcileResult.done();
        }
        if (bound.isEmpty()) {
            return ReconcileResult.done();
        }
        Instant now = clock.instant();
        Duration window = node.map(autonomy).orElse(Duration.ZERO);
        Duration grace = reachability.grace(name);
        Instant next = null;
        for (Instance copy : bound) {
            if (node.isEmpty() && Disconnection.lost(copy)) {
                ReconcileResult gone = deleteOfGoneNode(copy, name, since.get()); // it was lost already
                if (!gone.equals(ReconcileResult.done())) {
                    return gone;
                }
                continue;
            }
            if (finished(copy) || Disconnection.lost(copy)) {
                continue;
            }
            Optional<Duration> after = lostAfter(copy.spec().template(), window, grace);
            if (node.isEmpty() && after.isEmpty()) {
                after = Optional.of(options.lostNodeRetention()); // the node is gone: only its removal's wait
            }
            if (after.isEmpty()) {
                continue;
            }
            Instant due = since.get().plus(after.get());
            if (now.isBefore(due)) {
                next = earliest(next, due);
                continue;
            }
            EvictionGate.Verdict verdict =
                    gate.admit(name, unreachableCount(), nodes.cache().size());
            if (!verdict.admitted()) {
                hold(copy, name, verdict.reason());
                next = earliest(next, now.plus(verdict.retryAfter()));
                continue;
            }
            held.remove(name);
            ReconcileResult result = node.isPresent()
                    ? declareLost(copy, name, since.get(), window, after.get())
                    : deleteOfGoneNode(copy, name, since.get());
            if (!result.equals(ReconcileResult.done())) {
                return result;
            }
        }
        return next == null
                ? ReconcileResult.done()
                : ReconcileResult.requeueAfter(Duration.between(now, next).plus(PAST));
    }

    private int unreachableCount() {
        int count = 0;
        for (ObjectKey k : nodes.cache().keys()) {
            if (reachability.unreachableSince(k.name()).isPresent()) {
                count++;
            }
        }
        return count;
    }

    private void hold(Instance copy, String node, String reason) {
        if (!reason.equals(held.put(node, reason))) {
            events.record(
                    copy,
                    EventType.WARNING,
                    REPLACEMENT_HELD,
                    "not replacing the copies of unreachable node " + node + " yet: " + reason);
        }
    }

    /** Marks a copy lost (and fenced, for at-most-one), after checking the node's lease once more. */
    private ReconcileResult declareLost(Instance cached, String node, Instant since, Duration window, Duration after) {
        Optional<Instance> fresh;
        Optional<Lease> lease;
        try {
            fresh = store.get(
                    Instance.class,
                    cached.metadata().namespace(),
                    cached.metadata().name());
            lease = store.get(Lease.class, null, node);
            reachability.storeAnswered();
        } catch (StoreException e) {
            reachability.storeTrouble("reading " + cached.metadata().qualifiedName() + ": " + e.getMessage());
            return ReconcileResult.retry("the store fails: " + e.getMessage());
        }
        if (fresh.isEmpty()
                || !Objects.equals(
                        fresh.get().metadata().uid(), cached.metadata().uid())
                || !node.equals(fresh.get().spec().node())
                || Disconnection.lost(fresh.get())) {
            return ReconcileResult.done();
        }
        if (reachability.renewedSince(node, lease)) {
            return ReconcileResult.requeueAfter(Duration.ZERO); // the node is back: judge again
        }
        Instance copy = fresh.get();
        Component template = copy.spec().template();
        Map<String, String> annotations = new HashMap<>(copy.metadata().annotations());
        Instant now = clock.instant();
        annotations.put(Disconnection.LOST, now.toString());
        String why = "node " + node + " has been unreachable since " + since + ", longer than " + after
                + " (autonomy window " + window + ", lostAfter " + Disconnection.lostAfter(template) + ")";
        boolean fence = Disconnection.atMostOne(template);
        if (fence) {
            annotations.put(Disconnection.FENCED, "lost: " + why);
        }
        Result<Instance> written =
                store.update(copy.withMetadata(copy.metadata().withAnnotations(annotations)));
        if (written.outcome() == Outcome.CONFLICT) {
            return ReconcileResult.requeueAfter(Duration.ZERO); // the agent may have claimed it back: look again
        }
        if (!written.ok()) {
            return ReconcileResult.done();
        }
        events.record(
                copy,
                EventType.WARNING,
                INSTANCE_LOST,
                "Instance " + copy.metadata().qualifiedName() + " is lost: " + why
                        + (fence ? "; fenced (at most one copy runs) and" : ";") + " a replacement starts elsewhere");
        return ReconcileResult.done();
    }

    /** Deletes a copy whose node no longer exists (its Application makes a new one). */
    private ReconcileResult deleteOfGoneNode(Instance copy, String node, Instant since) {
        Result<Instance> deleted = store.delete(
                Instance.class,
                copy.metadata().namespace(),
                copy.metadata().name(),
                copy.metadata().resourceVersion());
        if (deleted.ok()) {
            events.record(
                    copy,
                    EventType.WARNING,
                    NODE_GONE,
                    "Instance " + copy.metadata().qualifiedName() + " was deleted: its node " + node
                            + " no longer exists and has been unreachable since " + since);
        }
        return deleted.outcome() == Outcome.CONFLICT
                ? ReconcileResult.requeueAfter(Duration.ZERO)
                : ReconcileResult.done();
    }

    private static boolean finished(Instance i) {
        Component t = i.spec().template();
        InstancePhase p = i.status().phase();
        return t != null
                && t.typeOrDefault() == ComponentType.JOB
                && (p == InstancePhase.SUCCEEDED || p == InstancePhase.FAILED);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
