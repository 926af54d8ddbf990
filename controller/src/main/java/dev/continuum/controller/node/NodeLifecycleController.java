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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Marks a Node NotReady when its Lease expires, keyed by node name.
 *
 * <pre>
 *            agent writes Ready=True (registers, comes back)
 *        ┌──────────────────────────────────────────────┐
 *        ▼                                              │
 *    ┌───────┐  lease expired, watched ≥ one duration ┌──────────┐
 *    │ Ready │ ─────────────────────────────────────► │ NotReady │
 *    └───────┘   (Ready=False, NodeLeaseExpired,      └──────────┘
 *                 Event NodeNotReady)
 * </pre>
 *
 * <p>Only the way down is this controller's: a node that comes back is marked Ready by its own
 * agent, and a Ready condition that is already False is left alone. A control-plane restart is not
 * node loss: the controller judges a node only after it has itself watched it for one full lease
 * duration (so agents have had a chance to renew leases they could not renew while the control
 * plane was down). A Node with no Lease at all is judged the same way, with {@code defaultLease} as
 * its duration. Between changes, each node is looked at again when its lease would expire and on
 * every {@code checkInterval}.
 */
public final class NodeLifecycleController implements Reconciler<ObjectKey> {

    /** The reason on the Ready condition and the Event. */
    public static final String LEASE_EXPIRED = "NodeLeaseExpired";

    public static final String NODE_NOT_READY = "NodeNotReady";

    /** After the expiry instant {@link dev.continuum.model.LeaseSpec#expiredAt} is strictly after. */
    private static final Duration PAST_EXPIRY = Duration.ofMillis(1);

    private final ResourceStore store;
    private final Informer<Node> nodes;
    private final Informer<Lease> leases;
    private final Clock clock;
    private final EventRecorder events;
    private final Duration defaultLease;
    private final Map<String, Instant> watchedSince = new ConcurrentHashMap<>();

    public NodeLifecycleController(
            ResourceStore store,
            Informer<Node> nodes,
            Informer<Lease> leases,
            Clock clock,
            EventRecorder events,
            Duration defaultLease) {
        this.store = store;
        this.nodes = nodes;
        this.leases = leases;
        this.clock = clock;
        this.events = events;
        this.defaultLease = defaultLease;
    }

    /** Adds the handlers that put node names on {@code queue}. Call before the informers start. */
    public void register(WorkQueue<ObjectKey> queue) {
        nodes.addHandler(ResourceHandler.any(
                n -> queue.add(ObjectKey.cluster(n.metadata().name()))));
        leases.addHandler(ResourceHandler.any(
                l -> queue.add(ObjectKey.cluster(l.metadata().name()))));
    }

    /**
     * Puts every known node on {@code queue} now and then every {@code interval}, until the queue
     * shuts down: the safety net under the per-node wake-ups.
     */
    public void checkEvery(Duration interval, Timer timer, WorkQueue<ObjectKey> queue) {
        if (queue.isShutDown()) {
            return;
        }
        for (ObjectKey key : nodes.cache().keys()) {
            queue.add(key);
        }
        timer.schedule(interval, () -> checkEvery(interval, timer, queue));
    }

    @Override
    public ReconcileResult reconcile(ObjectKey key) {
        Optional<Node> found = nodes.cache().get(key);
        if (found.isEmpty()) {
            watchedSince.remove(key.name());
            return ReconcileResult.done();
        }
        Node node = found.get();
        Instant now = clock.instant();
        Instant since = watchedSince.computeIfAbsent(key.name(), n -> now);
        Optional<Lease> lease = leases.cache().get(key).filter(l -> l.spec() != null);
        Duration duration =
                lease.map(l -> l.spec().duration()).filter(Duration::isPositive).orElse(defaultLease);
        Instant judgeFrom = since.plus(duration);
        if (now.isBefore(judgeFrom)) {
            return ReconcileResult.requeueAfter(Duration.between(now, judgeFrom));
        }
        if (lease.isPresent() && !lease.get().spec().expiredAt(now)) {
            Instant expiry = lease.get().spec().renewTime().plus(duration);
            return ReconcileResult.requeueAfter(Duration.between(now, expiry).plus(PAST_EXPIRY));
        }
        if (lease.isEmpty() && !judgeFrom.isBefore(now)) {
            return ReconcileResult.requeueAfter(PAST_EXPIRY); // as if it had renewed when first seen
        }
        if (node.readyCondition().map(c -> "False".equals(c.status())).orElse(false)) {
            return ReconcileResult.done(); // NotReady already, whoever said so
        }
        Instant renewed = lease.map(l -> l.spec().renewTime()).orElse(null);
        String message = renewed == null
                ? "the node has not renewed its lease since it was first seen at " + since
                : "the node has not renewed its lease since " + renewed + " (lease duration " + duration + ")";
        Condition notReady = new Condition(Node.READY, "False", LEASE_EXPIRED, message, now, renewed);
        Result<Node> written = store.updateStatus(node.withStatus(node.status().withCondition(notReady)));
        if (!written.ok()) {
            return ReconcileResult.retry("marking " + key + " NotReady: " + written.outcome());
        }
        events.record(node, EventType.WARNING, NODE_NOT_READY, "Node " + key.name() + " is NotReady: " + message);
        return ReconcileResult.done();
    }
}
