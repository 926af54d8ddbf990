package dev.continuum.controller.scheduling;

import dev.continuum.controller.events.EventRecorder;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.controller.runtime.ReconcileResult;
import dev.continuum.controller.runtime.Reconciler;
import dev.continuum.controller.runtime.ResourceHandler;
import dev.continuum.controller.runtime.RetryBackoff;
import dev.continuum.controller.runtime.WorkQueue;
import dev.continuum.model.Application;
import dev.continuum.model.EventType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.InstanceStatus.SchedulingStatus;
import dev.continuum.model.Node;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Decision;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.Scheduler;
import dev.continuum.scheduler.Victim;
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
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds unbound Instances to nodes with the {@link Scheduler}, keyed by Instance, one at a time, in
 * the order they arrived.
 *
 * <pre>
 *   Pending (unbound) ── placed ──► bind spec.node (CAS on resourceVersion), status Scheduled,
 *      │   ▲                        status.scheduling cleared, Event Scheduled
 *      │   └── a node is added, changes or frees capacity; slow backoff
 *      ├── preempt ──► delete the victims (their Application recreates them, Pending); try again
 *      └── nothing fits ──► status.scheduling = {summary, rejections, lastAttempt},
 *                            Event FailedScheduling (repeats counted; an unchanged verdict is
 *                            written at most every {@link #VERDICT_REFRESH})
 * </pre>
 *
 * <p>The {@link ClusterState} has one owner, the controller's single worker: informer handlers only
 * record changes for it (the latest copy of each object), which the worker applies before each
 * decision. A binding is entered into
 * the state as soon as it is written, so the next decision counts its resources even before the
 * watch brings it back; an older copy of that Instance arriving later does not undo it. Nodes that
 * are not Ready are not eligible: the scheduler checks {@code Node.isReady()}.
 */
public final class SchedulingController implements Reconciler<ObjectKey> {

    /** Instance index: {@code spec.node}, {@code ""} for unbound Instances. */
    public static final String BY_NODE = "node";

    /** How long an Instance that fits nowhere waits before the next try, if no node changes first. */
    public static final RetryBackoff UNSCHEDULABLE_BACKOFF =
            new RetryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5), 0.2);

    /** An unchanged verdict is written (and its event counted) at most this often. */
    public static final Duration VERDICT_REFRESH = UNSCHEDULABLE_BACKOFF.base();

    public static final String FAILED_SCHEDULING = "FailedScheduling";
    public static final String SCHEDULED = "Scheduled";
    public static final String PREEMPTED = "Preempted";

    private static final Logger LOG = LoggerFactory.getLogger(SchedulingController.class);
    private static final int CONFLICT_RETRIES = 3;

    private final ResourceStore store;
    private final Informer<Node> nodes;
    private final Informer<Instance> instances;
    private final Informer<Application> applications;
    private final Scheduler scheduler;
    private final Clock clock;
    private final EventRecorder events;
    private final ClusterChanges changes = new ClusterChanges();
    private WorkQueue<ObjectKey> queue;

    // Owned by the single worker.
    private final ClusterState state = new ClusterState();
    private final Map<ObjectKey, Long> assumed = new HashMap<>();

    public SchedulingController(
            ResourceStore store,
            Informer<Node> nodes,
            Informer<Instance> instances,
            Informer<Application> applications,
            Scheduler scheduler,
            Clock clock,
            EventRecorder events) {
        this.store = store;
        this.nodes = nodes;
        this.instances = instances;
        this.applications = applications;
        this.scheduler = scheduler;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Adds the {@link #BY_NODE} index and the handlers that feed the cluster state and put Instance
     * keys on {@code queue}. Call before the informers start, and {@link #queuePending()} after;
     * give the queue {@link #UNSCHEDULABLE_BACKOFF} and run it with one worker.
     */
    public void register(WorkQueue<ObjectKey> queue) {
        this.queue = queue;
        instances.addIndex(BY_NODE, i -> List.of(i.isBound() ? i.spec().node() : ""));
        nodes.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Node n) {
                changes.nodeChanged(n);
                retryPending(queue);
            }

            @Override
            public void onUpdate(Node old, Node now) {
                changes.nodeChanged(now);
                if (!Objects.equals(old.spec(), now.spec()) || !Objects.equals(old.status(), now.status())) {
                    retryPending(queue);
                }
            }

            @Override
            public void onDelete(Node last) {
                changes.nodeDeleted(last.metadata().name());
            }
        });
        instances.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Instance i) {
                changes.instanceChanged(i);
                if (!i.isBound() && instances.synced()) {
                    queue.add(ObjectKey.of(i)); // the first listing is queued by queuePending, oldest first
                }
            }

            @Override
            public void onUpdate(Instance old, Instance now) {
                changes.instanceChanged(now);
                if (!now.isBound() && !Objects.equals(old.spec(), now.spec())) {
                    queue.add(ObjectKey.of(now)); // our own status writes must not wake it again
                }
                if (holds(old) && !holds(now)) {
                    retryPending(queue); // it finished: its resources are free
                }
            }

            @Override
            public void onDelete(Instance last) {
                changes.instanceDeleted(ObjectKey.of(last));
                if (last.isBound()) {
                    retryPending(queue);
                }
            }
        });
    }

    private static boolean holds(Instance i) {
        InstancePhase p = i.status().phase();
        return i.isBound() && p != InstancePhase.SUCCEEDED && p != InstancePhase.FAILED && p != InstancePhase.STOPPED;
    }

    /** Applies a watched Instance unless the state holds a newer binding of it. */
    private void observe(Instance i) {
        ObjectKey key = ObjectKey.of(i);
        Long bound = assumed.get(key);
        if (bound != null) {
            if (i.metadata().resourceVersion() < bound) {
                return;
            }
            assumed.remove(key);
        }
        state.upsertInstance(i);
    }

    /** Queues every unbound Instance, oldest first. Call once the informers have started. */
    public void queuePending() {
        retryPending(Objects.requireNonNull(queue, "register first"));
    }

    /** Queues every unbound Instance, oldest first. */
    private void retryPending(WorkQueue<ObjectKey> queue) {
        instances.cache().byIndex(BY_NODE, "").stream()
                .sorted(Comparator.comparing(
                                (Instance i) -> Optional.ofNullable(i.metadata().creationTimestamp())
                                        .orElse(Instant.MIN))
                        .thenComparing(i -> i.metadata().name()))
                .forEach(i -> queue.add(ObjectKey.of(i)));
    }

    private void applyChanges() {
        ClusterChanges.Batch batch = changes.drain();
        batch.nodes().forEach((name, node) -> node.ifPresentOrElse(state::upsertNode, () -> state.removeNode(name)));
        batch.instances()
                .forEach((key, instance) -> instance.ifPresentOrElse(this::observe, () -> {
                    state.removeInstance(key.namespace(), key.name());
                    assumed.remove(key);
                }));
    }

    @Override
    public ReconcileResult reconcile(ObjectKey key) {
        applyChanges();
        Optional<Instance> cached = instances.cache().get(key);
        if (cached.isEmpty()
                || cached.get().isBound()
                || cached.get().spec() == null
                || cached.get().spec().template() == null) {
            return ReconcileResult.done();
        }
        Instance instance = cached.get();
        Decision decision = scheduler.schedule(request(instance), state);
        return switch (decision.outcome()) {
            case PLACED -> bind(instance, decision);
            case PREEMPT -> preempt(instance, decision);
            case UNSCHEDULABLE, BIND_FAILED -> unschedulable(instance, decision);
        };
    }

    private PlacementRequest request(Instance instance) {
        Optional<Application> app = applications
                .cache()
                .get(new ObjectKey(
                        instance.metadata().namespace(), instance.spec().application()));
        return app.map(a -> PlacementRequest.of(instance, a, state)).orElseGet(() -> PlacementRequest.of(instance));
    }

    private ReconcileResult bind(Instance instance, Decision decision) {
        Instance current = instance;
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Result<Instance> written = store.update(decision.bind(current));
            if (written.ok()) {
                Instance bound = written.value();
                assumed.put(ObjectKey.of(bound), bound.metadata().resourceVersion());
                state.upsertInstance(bound);
                markScheduled(bound, decision);
                events.record(
                        bound,
                        EventType.NORMAL,
                        SCHEDULED,
                        "Bound " + ObjectKey.of(bound) + " to "
                                + decision.node().orElseThrow());
                return ReconcileResult.done();
            }
            if (written.outcome() == Outcome.NOT_FOUND) {
                return ReconcileResult.done(); // deleted meanwhile
            }
            current = written.value(); // CONFLICT: someone else wrote it; look again
            if (current.isBound()) {
                return ReconcileResult.done();
            }
        }
        return ReconcileResult.retry("binding " + ObjectKey.of(instance) + " kept conflicting");
    }

    /** Phase Scheduled and no scheduling verdict; left alone if the agent has moved it on already. */
    private void markScheduled(Instance bound, Decision decision) {
        Instance current = bound;
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            if (current.status().phase() != InstancePhase.PENDING) {
                return;
            }
            InstanceStatus status = current.status()
                    .withPhase(
                            InstancePhase.SCHEDULED,
                            SCHEDULED,
                            "bound to " + decision.node().orElseThrow(),
                            clock.instant())
                    .withScheduling(null);
            Result<Instance> written = store.updateStatus(current.withStatus(status));
            if (written.outcome() != Outcome.CONFLICT) {
                return;
            }
            current = written.value();
        }
        LOG.info("could not mark {} Scheduled: its status kept changing", ObjectKey.of(bound));
    }

    private ReconcileResult preempt(Instance instance, Decision decision) {
        for (Victim v : decision.victims()) {
            Optional<Instance> victim = instances.cache().get(new ObjectKey(v.namespace(), v.name()));
            Result<Instance> deleted = store.delete(Instance.class, v.namespace(), v.name(), 0);
            state.removeInstance(v.namespace(), v.name());
            if (deleted.ok()) {
                victim.ifPresent(i -> events.record(
                        i,
                        EventType.NORMAL,
                        PREEMPTED,
                        "Preempted on " + v.node() + " to make room for " + ObjectKey.of(instance)));
            }
        }
        writeVerdict(instance, decision);
        return ReconcileResult.requeueAfter(Duration.ZERO); // the victims are gone from the state: try again
    }

    private ReconcileResult unschedulable(Instance instance, Decision decision) {
        if (!sameVerdictRecently(instance, decision)) {
            writeVerdict(instance, decision);
            events.record(instance, EventType.WARNING, FAILED_SCHEDULING, decision.summary());
        }
        return ReconcileResult.retry(decision.summary());
    }

    /**
     * True when the Instance already carries this verdict from less than {@link #VERDICT_REFRESH}
     * ago: node changes may wake a pending Instance many times a second, and each try must not cost
     * a status write and an event.
     */
    private boolean sameVerdictRecently(Instance instance, Decision decision) {
        SchedulingStatus previous = instance.status().scheduling();
        return previous != null
                && previous.lastAttempt() != null
                && Objects.equals(previous.summary(), decision.summary())
                && previous.rejections().equals(decision.rejections())
                && Duration.between(previous.lastAttempt(), clock.instant()).compareTo(VERDICT_REFRESH) < 0;
    }

    private void writeVerdict(Instance instance, Decision decision) {
        Instance current = instance;
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            InstanceStatus status = current.status().withScheduling(decision.schedulingStatus(clock.instant()));
            Result<Instance> written = store.updateStatus(current.withStatus(status));
            if (written.outcome() != Outcome.CONFLICT) {
                return;
            }
            current = written.value();
            if (current.isBound()) {
                return;
            }
        }
        LOG.info("could not record why {} is pending: its status kept changing", ObjectKey.of(instance));
    }
}
