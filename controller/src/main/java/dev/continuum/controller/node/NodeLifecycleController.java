package dev.continuum.controller.node;

import dev.continuum.controller.events.EventRecorder;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.controller.runtime.ReconcileResult;
import dev.continuum.controller.runtime.Reconciler;
import dev.continuum.controller.runtime.ResourceHandler;
import dev.continuum.controller.runtime.Timer;
import dev.continuum.controller.runtime.WorkQueue;
import dev.continuum.model.Condition;
import dev.continuum.model.EventType;
import dev.continuum.model.Lease;
import dev.continuum.model.Node;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.Result;
import dev.continuum.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells, on each Node's {@code Ready} condition, whether its agent is in touch, keyed by node name.
 *
 * <pre>
 *             agent renews its lease and writes Ready=True (registers, comes back)
 *        ┌───────────────────────────────────────────────┬─────────────────────────┐
 *        ▼                                               │                         │
 *   ┌─────────┐  no renewal seen for the grace   ┌──────────────┐  unreachable for   ┌──────────┐
 *   │  Ready  │ ───────────────────────────────► │ Unreachable  │ ─ its autonomy ──► │   Lost   │
 *   └─────────┘  Ready=False, NodeUnreachable    └──────────────┘   window           └──────────┘
 *                Event NodeUnreachable                              Ready=False,       │ lost for the
 *                                                                   NodeLost,          │ retention too
 *                                                                   Event NodeLost     ▼
 *                                                                               Node and Lease deleted
 *                                                                               (Event NodeRemoved)
 * </pre>
 *
 * <p>The grace is the node's lease duration; the autonomy window is {@code spec.autonomy}, or the
 * default of its tier ({@link LifecycleOptions#autonomy}). Renewals are timed by when this control
 * plane saw them ({@link Reachability}), so a control-plane restart, a lost watch or a store outage
 * is never taken for node loss: after one, every node gets a full grace of fresh leases first. Before
 * a node is marked, its lease is read again from the store: a renewal the informer has not delivered
 * yet saves it.
 *
 * <p>Only the way down is this controller's: a node that comes back is marked Ready by its own
 * agent (which renews its lease first). What happens to the Instances of an unreachable node is the
 * {@code DisconnectController}'s. Between changes, each node is looked at again at its next deadline
 * and on every {@code checkInterval}.
 */
public final class NodeLifecycleController implements Reconciler<ObjectKey> {

    /** The reason on the Ready condition while the node is unreachable but inside its window. */
    public static final String UNREACHABLE = "NodeUnreachable";
    /** The reason on the Ready condition once the node has been unreachable for its whole window. */
    public static final String LOST = "NodeLost";
    /** The reason of the Event when a lost node is deleted. */
    public static final String REMOVED = "NodeRemoved";

    /** After the deadline instant: judged strictly after it. */
    private static final Duration PAST = Duration.ofMillis(1);

    private final ResourceStore store;
    private final Informer<Node> nodes;
    private final Informer<Lease> leases;
    private final Clock clock;
    private final EventRecorder events;
    private final Reachability reachability;
    private final LifecycleOptions options;
    private final AtomicLong leaseListings = new AtomicLong();

    public NodeLifecycleController(
            ResourceStore store,
            Informer<Node> nodes,
            Informer<Lease> leases,
            Clock clock,
            EventRecorder events,
            Reachability reachability,
            LifecycleOptions options) {
        this.store = store;
        this.nodes = nodes;
        this.leases = leases;
        this.clock = clock;
        this.events = events;
        this.reachability = reachability;
        this.options = options;
    }

    /**
     * Adds the {@link Reachability}'s lease handler and the handlers that put node names on
     * {@code queue}. Call before the informers start.
     */
    public void register(WorkQueue<ObjectKey> queue) {
        leases.addHandler(reachability.leaseHandler());
        nodes.addHandler(ResourceHandler.any(
                n -> queue.add(ObjectKey.cluster(n.metadata().name()))));
        leases.addHandler(ResourceHandler.any(
                l -> queue.add(ObjectKey.cluster(l.metadata().name()))));
    }

    /**
     * Puts every known node on {@code queue} now and then every {@code interval}, until the queue
     * shuts down: the safety net under the per-node wake-ups. Also notices when the lease informer
     * had to list again (its watch was lost): a blind spot, see {@link Reachability#blindSpot}.
     */
    public void checkEvery(Duration interval, Timer timer, WorkQueue<ObjectKey> queue) {
        if (queue.isShutDown()) {
            return;
        }
        long listings = leases.lists();
        long before = leaseListings.getAndSet(listings);
        if (before != 0 && listings != before) {
            reachability.blindSpot("the watch of leases was lost and listed again");
        }
        for (ObjectKey key : nodes.cache().keys()) {
            queue.add(key);
        }
        timer.schedule(interval, () -> checkEvery(interval, timer, queue));
    }

    /** The autonomy window of {@code node}: its own, or its tier's default. */
    public Duration autonomy(Node node) {
        Duration own = node.spec().autonomy();
        return own != null ? own : options.autonomyOf(node.spec().tier());
    }

    @Override
    public ReconcileResult reconcile(ObjectKey key) {
        Optional<Node> found = nodes.cache().get(key);
        if (found.isEmpty()) {
            return ReconcileResult.done();
        }
        Node node = found.get();
        String name = key.name();
        if (reachability.unreachableSince(name).isEmpty() && !reachability.storeTroubled()) {
            return ReconcileResult.requeueAfter(untilPast(reachability.deadline(name)));
        }
        Optional<Lease> fresh;
        try {
            fresh = store.get(Lease.class, null, name);
            reachability.storeAnswered();
        } catch (StoreException e) {
            reachability.storeTrouble("reading the lease of " + name + ": " + e.getMessage());
            return ReconcileResult.retry("the store fails: " + e.getMessage());
        }
        reachability.renewedSince(name, fresh);
        Optional<Instant> since = reachability.unreachableSince(name);
        if (since.isEmpty()) {
            return ReconcileResult.requeueAfter(untilPast(reachability.deadline(name)));
        }
        Instant now = clock.instant();
        Duration window = autonomy(node);
        Instant lostAt = since.get().plus(window);
        boolean lost = !now.isBefore(lostAt);
        Instant removeAt = lostAt.plus(options.lostNodeRetention());
        if (lost && !now.isBefore(removeAt)) {
            return remove(node, since.get(), window);
        }
        String reason = lost ? LOST : UNREACHABLE;
        Duration grace = reachability.grace(name);
        String message = lost
                ? "unreachable since " + since.get() + ", longer than its autonomy window (" + window
                        + "): its Instances are replaced as their disconnect policies allow; the node is removed at "
                        + removeAt + " unless it comes back"
                : "no lease renewal seen since " + reachability.lastSeen(name) + " (grace " + grace
                        + "); its Instances are kept until " + lostAt + " (autonomy window " + window + ")";
        Instant next = lost ? removeAt : lostAt;
        Optional<Condition> ready = node.readyCondition();
        if (ready.isPresent()
                && "False".equals(ready.get().status())
                && reason.equals(ready.get().reason())) {
            return ReconcileResult.requeueAfter(untilPast(next));
        }
        Instant transition = ready.isPresent()
                        && "False".equals(ready.get().status())
                        && ready.get().lastTransitionTime() != null
                ? ready.get().lastTransitionTime()
                : now;
        Instant renewed =
                fresh.map(l -> l.spec() == null ? null : l.spec().renewTime()).orElse(null);
        Condition notReady = new Condition(Node.READY, "False", reason, message, transition, renewed);
        Result<Node> written;
        try {
            written = store.updateStatus(node.withStatus(node.status().withCondition(notReady)));
        } catch (StoreException e) {
            reachability.storeTrouble("marking " + name + " " + reason + ": " + e.getMessage());
            return ReconcileResult.retry("the store fails: " + e.getMessage());
        }
        if (!written.ok()) {
            return ReconcileResult.retry("marking " + key + " " + reason + ": " + written.outcome());
        }
        events.record(
                node,
                EventType.WARNING,
                reason,
                "Node " + name + " is " + (lost ? "lost" : "unreachable") + ": " + message);
        return ReconcileResult.requeueAfter(untilPast(next));
    }

    /** Deletes a node that stayed lost for the retention, with its lease. */
    private ReconcileResult remove(Node node, Instant since, Duration window) {
        String name = node.metadata().name();
        Result<Node> deleted =
                store.delete(Node.class, null, name, node.metadata().resourceVersion());
        if (!deleted.ok()) {
            return ReconcileResult.retry("removing lost node " + name + ": " + deleted.outcome());
        }
        store.delete(Lease.class, null, name, 0);
        events.record(
                node,
                EventType.NORMAL,
                REMOVED,
                "Node " + name + " was removed: unreachable since " + since + ", longer than its autonomy window ("
                        + window + ") and the retention of lost nodes (" + options.lostNodeRetention()
                        + "); it joins again as a new node");
        return ReconcileResult.done();
    }

    private Duration untilPast(Instant deadline) {
        Duration d = Duration.between(clock.instant(), deadline);
        return (d.isNegative() ? Duration.ZERO : d).plus(PAST);
    }
}
