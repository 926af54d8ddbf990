package dev.continuum.agent.sync;

import dev.continuum.agent.local.LocalInstances;
import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.agent.logs.InstanceLogs;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.agent.runtime.InstanceSupervisor;
import dev.continuum.agent.runtime.StatusSink;
import dev.continuum.client.WatchEventType;
import dev.continuum.client.WatchHandler;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what runs on this node equal to the Instances bound to it. It is the handler of the agent's
 * watch of {@code spec.node=<this node>}; each snapshot and event becomes a reconcile step, done in
 * order on one worker thread so that the watch never waits for a supervisor to stop.
 *
 * <ul>
 *   <li>new Instance → remember it in the {@link LocalInstances} store, then start a supervisor
 *       (except a job that already finished at this epoch);
 *   <li>same uid, template and epoch → nothing (status updates come back through the watch);
 *   <li>other template, epoch or uid → stop the old supervisor, start a new one;
 *   <li>an older epoch or resourceVersion than the one known → ignored: never go back;
 *   <li>deleted (or moved to another node, or missing from a snapshot) → stop it, forget it, delete
 *       its log, forget its pending status.
 * </ul>
 *
 * <p><b>Never backwards.</b> The highest revision applied (snapshot revisions and event revisions)
 * is kept in the local store. A snapshot older than it — from a lagging replica or a store restored
 * from a backup — is refused whole: nothing is stopped or started, the listener is told, and a
 * {@link StaleDesiredStateException} makes the watch list again later (until the control plane has
 * caught up). Events at or under it are ignored.
 *
 * <p><b>Fencing.</b> A copy marked {@link Disconnection#FENCED} is stopped and its epoch of its
 * lineage is remembered as superseded; no epoch at or under a lineage's fence runs here again. For
 * at-most-one components, seeing epoch {@code e} of a lineage supersedes every epoch under it.
 *
 * <p>{@link #restore} starts what the local store remembers before the watch has said anything, so
 * that an agent restarted with no control plane runs its Instances again from local data alone; the
 * first snapshot then finds them running and leaves them alone. Copies the agent stopped for being
 * cut off are the {@link DisconnectGuard}'s: they run again only when it says so. Thread-safe.
 */
public final class InstanceSync implements WatchHandler<Instance>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceSync.class);

    /** The status reason of a copy stopped because the control plane fenced it. */
    public static final String FENCED = "Fenced";

    private final String nodeName;
    private final SupervisorFactory factory;
    private final InstanceLogs logs;
    private final Duration stopGrace;
    private final Consumer<InstanceKey> forget;
    private final Consumer<Boolean> connection;
    private final LocalInstances local;
    private final StatusSink sink;
    private final Consumer<StaleDesiredStateException> stale;
    private final Clock clock;
    private final Map<InstanceKey, Instance> known = new ConcurrentHashMap<>();
    private final Map<InstanceKey, InstanceSupervisor> supervisors = new ConcurrentHashMap<>();
    /** Copies stopped for being cut off (the object they were stopped as); owned by the worker. */
    private final Map<InstanceKey, Instance> cutOff = new ConcurrentHashMap<>();

    private final ScheduledExecutorService worker;
    private volatile long highest;
    private volatile long lastRefused = -1;
    private volatile boolean closed;
    private volatile DisconnectGuard guard;

    /**
     * @param forget told when an Instance is gone (to drop its pending status)
     * @param connection told when the watch reaches or loses the control plane
     * @param stopGrace how long a stopping supervisor is waited for
     * @param local where desired state is remembered before it runs, and the revision floor kept
     * @param sink where statuses the sync itself decides (stopped, fenced) are reported
     * @param stale told, on the watch's thread, of every snapshot refused for being older than the floor
     */
    public InstanceSync(
            String nodeName,
            SupervisorFactory factory,
            InstanceLogs logs,
            Duration stopGrace,
            Consumer<InstanceKey> forget,
            Consumer<Boolean> connection,
            LocalInstances local,
            StatusSink sink,
            Consumer<StaleDesiredStateException> stale,
            Clock clock) {
        this.nodeName = nodeName;
        this.factory = factory;
        this.logs = logs;
        this.stopGrace = stopGrace;
        this.forget = forget;
        this.connection = connection;
        this.local = local;
        this.sink = sink;
        this.stale = stale;
        this.clock = clock;
        this.highest = local.floor();
        this.worker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon(true).name("sync " + nodeName).factory());
    }

    /** The guard that stops copies when the node is cut off; set once, before {@link #restore}. */
    void guard(DisconnectGuard value) {
        this.guard = value;
    }

    /** The newest copy of an Instance bound to this node that the watch delivered (or the store remembered). */
    public Optional<Instance> latest(InstanceKey key) {
        return Optional.ofNullable(known.get(key));
    }

    /** The supervisor currently running an Instance, if any. */
    public Optional<InstanceSupervisor> supervisor(InstanceKey key) {
        return Optional.ofNullable(supervisors.get(key));
    }

    /** The highest revision of desired state applied: older desired state is refused. */
    public long floor() {
        return highest;
    }

    /**
     * Starts what the local store remembers, as the agent last knew it, without waiting for the
     * control plane. Call once, before the watch starts.
     */
    public void restore() {
        List<LocalInstances.Stored> stored = local.all();
        submit(() -> {
            for (LocalInstances.Stored s : stored) {
                Instance instance = s.instance();
                InstanceKey key = InstanceKey.of(instance);
                known.put(key, instance);
                if (s.cutOff()) {
                    cutOff.put(key, instance);
                    logs.open(key.namespace(), key.name());
                    continue;
                }
                start(instance, false);
            }
            if (!stored.isEmpty()) {
                LOG.info(
                        "node {}: {} Instances restored from the local store, {} running",
                        nodeName,
                        stored.size(),
                        supervisors.size());
            }
        });
    }

    @Override
    public void onSnapshot(List<Instance> objects, long revision) {
        if (revision < highest) {
            var refused = new StaleDesiredStateException(revision, highest);
            if (lastRefused != revision) {
                lastRefused = revision;
                LOG.warn("node {}: {}", nodeName, refused.getMessage());
                stale.accept(refused);
            }
            throw refused;
        }
        highest = revision;
        List<Instance> copy = List.copyOf(objects);
        submit(() -> {
            Set<InstanceKey> present = new HashSet<>();
            for (Instance instance : copy) {
                present.add(InstanceKey.of(instance));
                apply(instance, revision);
            }
            Set<InstanceKey> gone = new HashSet<>(known.keySet());
            gone.addAll(supervisors.keySet());
            gone.removeAll(present);
            for (InstanceKey key : gone) {
                remove(key, "it is no longer bound to this node", revision);
            }
            local.raiseFloor(revision);
        });
    }

    @Override
    public void onEvent(WatchEventType type, Instance instance) {
        long revision = instance.metadata().resourceVersion();
        if (revision <= highest) {
            LOG.debug(
                    "node {}: ignoring {} of {} at revision {}, at or under {}",
                    nodeName,
                    type,
                    InstanceKey.of(instance),
                    revision,
                    highest);
            return;
        }
        highest = revision;
        submit(() -> {
            if (type == WatchEventType.DELETED) {
                Instance current = known.get(InstanceKey.of(instance));
                if (current == null
                        || Objects.equals(
                                current.metadata().uid(), instance.metadata().uid())) {
                    remove(InstanceKey.of(instance), "it was deleted or moved to another node", revision);
                }
            } else {
                apply(instance, revision);
            }
        });
    }

    @Override
    public void onConnectionChange(boolean connected) {
        connection.accept(connected);
    }

    /** Runs {@code step} on the worker, in order with the watch's steps. */
    void submit(Runnable step) {
        if (closed) {
            return;
        }
        try {
            worker.execute(() -> run(step));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Runs {@code step} on the worker every {@code period}. */
    void every(Duration period, Runnable step) {
        worker.scheduleWithFixedDelay(() -> run(step), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(Runnable step) {
        if (closed) {
            return;
        }
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("reconciling the Instances of node {} failed", nodeName, e);
        }
    }

    private void apply(Instance instance, long revision) {
        InstanceKey key = InstanceKey.of(instance);
        if (!nodeName.equals(instance.spec().node())) {
            remove(key, "it is bound to " + instance.spec().node(), revision);
            return;
        }
        Instance previous = known.get(key);
        boolean sameObject = previous != null
                && Objects.equals(previous.metadata().uid(), instance.metadata().uid());
        if (sameObject
                && previous.metadata().resourceVersion() > instance.metadata().resourceVersion()) {
            return;
        }
        if (sameObject && instance.spec().epoch() < previous.spec().epoch()) {
            LOG.warn(
                    "ignoring Instance {} at epoch {}: epoch {} is known already",
                    key,
                    instance.spec().epoch(),
                    previous.spec().epoch());
            return;
        }
        known.put(key, instance);
        local.put(instance, revision); // remembered before anything runs it or reports on it
        Instance stopped = cutOff.get(key);
        if (stopped != null && sameRun(stopped, instance) && !Disconnection.fenced(instance)) {
            // Stopped for being cut off: it runs again only once the control plane confirmed it.
            cutOff.put(key, instance);
            DisconnectGuard g = guard;
            if (g != null) {
                g.reclaimLater(); // the control plane changed it: perhaps its verdict is in
            }
            return;
        }
        if (stopped != null && !sameRun(stopped, instance)) {
            cutOff.remove(key); // a new epoch or object: the control plane has spoken
        }
        start(instance, true);
    }

    /** Starts (or keeps, or refuses) {@code instance}; {@code fromWatch} is false for a restore. */
    private void start(Instance instance, boolean fromWatch) {
        InstanceKey key = InstanceKey.of(instance);
        InstanceSupervisor current = supervisors.get(key);
        String refusal = refusal(instance);
        if (refusal != null) {
            if (current != null) {
                stopAndReport(key, current, FENCED, refusal);
            } else if (Disconnection.fenced(instance) && fromWatch) {
                reportStopped(instance, instance.status(), FENCED, refusal);
            }
            logs.open(key.namespace(), key.name());
            return;
        }
        if (current != null && current.runs(instance)) {
            return;
        }
        if (current != null) {
            LOG.info("Instance {} changed (template, epoch or uid); restarting it", key);
            current.stop(stopGrace);
            supervisors.remove(key);
        }
        if (finished(instance)) {
            logs.open(key.namespace(), key.name());
            return;
        }
        if (!fromWatch) {
            DisconnectGuard g = guard;
            if (g != null && g.cutOffTooLong(instance)) {
                cutOff.put(key, instance);
                local.cutOff(key, true);
                logs.open(key.namespace(), key.name())
                        .append(InstanceLog.AGENT, "not started: " + g.describeCutOff(instance));
                LOG.info("not restoring Instance {}: {}", key, g.describeCutOff(instance));
                return;
            }
        }
        InstanceSupervisor supervisor = factory.create(instance);
        supervisors.put(key, supervisor);
        supervisor.start();
        LOG.info(
                "started Instance {} ({}{})",
                key,
                instance.spec().template() == null
                        ? "no template"
                        : instance.spec().template().typeOrDefault().wireName(),
                fromWatch ? "" : ", from the local store");
    }

    /**
     * Why {@code instance} must not run here, or null: it is fenced, or its epoch of its lineage has
     * been superseded. Raises the lineage's fence as a side effect.
     */
    private String refusal(Instance instance) {
        String namespace = instance.metadata().namespace();
        String lineage = Disconnection.lineage(instance);
        long epoch = instance.spec().epoch();
        if (Disconnection.fenced(instance)) {
            local.raiseFence(namespace, lineage, epoch);
            stopOlderOfLineage(instance, epoch);
            return "fenced by the control plane: "
                    + instance.metadata().annotations().get(Disconnection.FENCED);
        }
        if (Disconnection.atMostOne(instance.spec().template()) && epoch > 1) {
            local.raiseFence(namespace, lineage, epoch - 1);
            stopOlderOfLineage(instance, epoch - 1);
        }
        long fence = local.fence(namespace, lineage);
        if (fence >= epoch) {
            return "epoch " + epoch + " of " + lineage + " was superseded (epochs up to " + fence + " are fenced)";
        }
        return null;
    }

    /** Stops every copy here of {@code instance}'s lineage at or under {@code epoch} (but {@code instance} itself). */
    private void stopOlderOfLineage(Instance instance, long epoch) {
        String lineage = Disconnection.lineage(instance);
        for (var entry : new ArrayList<>(supervisors.entrySet())) {
            Instance running = entry.getValue().context().instance();
            if (!entry.getKey().equals(InstanceKey.of(instance))
                    && Objects.equals(
                            running.metadata().namespace(), instance.metadata().namespace())
                    && lineage.equals(Disconnection.lineage(running))
                    && running.spec().epoch() <= epoch) {
                stopAndReport(
                        entry.getKey(),
                        entry.getValue(),
                        FENCED,
                        "superseded by epoch " + instance.spec().epoch() + " of " + lineage);
            }
        }
    }

    /** True when both are the same run: same uid and epoch. */
    private static boolean sameRun(Instance a, Instance b) {
        return Objects.equals(a.metadata().uid(), b.metadata().uid())
                && a.spec().epoch() == b.spec().epoch();
    }

    /**
     * A job that already ran to its end at this epoch (it has an exit code) is not run again after an
     * agent restart. One that failed before it ran (its module could not be had) is tried again.
     */
    private static boolean finished(Instance instance) {
        var template = instance.spec().template();
        var status = instance.status();
        return template != null
                && template.typeOrDefault() == ComponentType.JOB
                && status.observedEpoch() == instance.spec().epoch()
                && status.exitCode() != null
                && (status.phase() == InstancePhase.SUCCEEDED || status.phase() == InstancePhase.FAILED);
    }

    private void remove(InstanceKey key, String why, long revision) {
        known.remove(key);
        cutOff.remove(key);
        InstanceSupervisor supervisor = supervisors.remove(key);
        if (supervisor != null) {
            LOG.info("stopping Instance {}: {}", key, why);
            supervisor.stop(stopGrace);
        }
        local.remove(key, revision);
        logs.delete(key.namespace(), key.name());
        forget.accept(key);
    }

    // ---- for the DisconnectGuard, on the worker

    /** Every copy running now, as the object its supervisor was started for. */
    List<Instance> runningInstances() {
        return supervisors.values().stream().map(s -> s.context().instance()).toList();
    }

    /** Copies stopped for being cut off, as they were last known. */
    Map<InstanceKey, Instance> stoppedForCutOff() {
        return Map.copyOf(cutOff);
    }

    /** Stops a running copy because the node has been cut off for too long. */
    void stopForCutOff(Instance instance, String why) {
        InstanceKey key = InstanceKey.of(instance);
        InstanceSupervisor supervisor = supervisors.get(key);
        if (supervisor == null || !sameRun(supervisor.context().instance(), instance)) {
            return;
        }
        cutOff.put(key, known.getOrDefault(key, instance));
        local.cutOff(key, true);
        supervisor.context().log().append(InstanceLog.AGENT, "stopping: " + why);
        LOG.warn("stopping Instance {}: {}", key, why);
        stopAndReport(key, supervisor, DisconnectGuard.CUT_OFF, why);
    }

    /** The control plane confirmed a cut-off copy (it claimed it): run {@code confirmed} again. */
    void resume(Instance confirmed) {
        InstanceKey key = InstanceKey.of(confirmed);
        Instance stopped = cutOff.remove(key);
        if (stopped == null) {
            return;
        }
        local.cutOff(key, false);
        Instance previous = known.get(key);
        if (previous == null
                || previous.metadata().resourceVersion() < confirmed.metadata().resourceVersion()) {
            known.put(key, confirmed);
            local.put(confirmed, 0);
        }
        logs.open(key.namespace(), key.name())
                .append(
                        InstanceLog.AGENT,
                        "back in touch with the control plane, which still assigns it here: starting");
        start(known.get(key), true);
    }

    /** Forgets that a copy was cut off: the control plane no longer has it here. */
    void dropCutOff(InstanceKey key) {
        if (cutOff.remove(key) != null) {
            local.cutOff(key, false);
        }
    }

    /** Stops a copy and reports it {@code Stopped} with {@code reason}. */
    private void stopAndReport(InstanceKey key, InstanceSupervisor supervisor, String reason, String message) {
        supervisor.stop(stopGrace);
        supervisors.remove(key, supervisor);
        reportStopped(supervisor.context().instance(), supervisor.lastStatus(), reason, message);
    }

    private void reportStopped(Instance instance, InstanceStatus last, String reason, String message) {
        InstanceStatus base = last == null
                        || last.observedEpoch() != instance.spec().epoch()
                ? InstanceStatus.PENDING.withObservedEpoch(instance.spec().epoch())
                : last;
        if (base.phase() == InstancePhase.STOPPED && Objects.equals(base.reason(), reason)) {
            return;
        }
        sink.report(instance, base.withPhase(InstancePhase.STOPPED, reason, message, clock.instant()));
    }

    /**
     * Stops every supervisor — all are asked at once, then each is waited for within {@code stopGrace}
     * overall — and the worker. The Instances stay bound: the agent is stopping, not giving them up.
     */
    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<InstanceSupervisor> all = new ArrayList<>(supervisors.values());
        all.forEach(InstanceSupervisor::requestStop);
        long deadline = System.nanoTime() + stopGrace.toNanos();
        for (InstanceSupervisor supervisor : all) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!supervisor.awaitEnd(Duration.ofNanos(left))) {
                    LOG.warn(
                            "Instance {} did not stop within {}",
                            supervisor.context().key(),
                            stopGrace);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        supervisors.clear();
    }

    /** What this node runs now, for tests and diagnostics. */
    public Set<InstanceKey> running() {
        return Set.copyOf(supervisors.keySet());
    }
}
