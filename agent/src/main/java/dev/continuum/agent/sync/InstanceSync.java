package dev.continuum.agent.sync;

import dev.continuum.agent.logs.InstanceLogs;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.agent.runtime.InstanceSupervisor;
import dev.continuum.client.WatchEventType;
import dev.continuum.client.WatchHandler;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 *   <li>new Instance → start a supervisor (except a job that already finished at this epoch);
 *   <li>same uid, template and epoch → nothing (status updates come back through the watch);
 *   <li>other template, epoch or uid → stop the old supervisor, start a new one;
 *   <li>an older epoch or resourceVersion than the one known → ignored: never go back;
 *   <li>deleted (or moved to another node, or missing from a snapshot) → stop it, delete its log,
 *       forget its pending status.
 * </ul>
 *
 * Losing the control plane changes nothing here: the watch just goes quiet and every supervisor
 * keeps running. Thread-safe.
 */
public final class InstanceSync implements WatchHandler<Instance>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceSync.class);

    private final String nodeName;
    private final SupervisorFactory factory;
    private final InstanceLogs logs;
    private final Duration stopGrace;
    private final Consumer<InstanceKey> forget;
    private final Consumer<Boolean> connection;
    private final Map<InstanceKey, Instance> known = new ConcurrentHashMap<>();
    private final Map<InstanceKey, InstanceSupervisor> supervisors = new ConcurrentHashMap<>();
    private final ExecutorService worker;
    private volatile boolean closed;

    /**
     * @param forget told when an Instance is gone (to drop its pending status)
     * @param connection told when the watch reaches or loses the control plane
     * @param stopGrace how long a stopping supervisor is waited for
     */
    public InstanceSync(
            String nodeName,
            SupervisorFactory factory,
            InstanceLogs logs,
            Duration stopGrace,
            Consumer<InstanceKey> forget,
            Consumer<Boolean> connection) {
        this.nodeName = nodeName;
        this.factory = factory;
        this.logs = logs;
        this.stopGrace = stopGrace;
        this.forget = forget;
        this.connection = connection;
        this.worker = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon(true).name("sync " + nodeName).factory());
    }

    /** The newest copy of an Instance bound to this node that the watch delivered. */
    public Optional<Instance> latest(InstanceKey key) {
        return Optional.ofNullable(known.get(key));
    }

    /** The supervisor currently running an Instance, if any. */
    public Optional<InstanceSupervisor> supervisor(InstanceKey key) {
        return Optional.ofNullable(supervisors.get(key));
    }

    @Override
    public void onSnapshot(List<Instance> objects, long revision) {
        List<Instance> copy = List.copyOf(objects);
        submit(() -> {
            Set<InstanceKey> present = new HashSet<>();
            for (Instance instance : copy) {
                present.add(InstanceKey.of(instance));
                apply(instance);
            }
            for (InstanceKey key : new ArrayList<>(supervisors.keySet())) {
                if (!present.contains(key)) {
                    remove(key, "it is no longer bound to this node");
                }
            }
            known.keySet().retainAll(present);
        });
    }

    @Override
    public void onEvent(WatchEventType type, Instance instance) {
        submit(() -> {
            if (type == WatchEventType.DELETED) {
                Instance current = known.get(InstanceKey.of(instance));
                if (current == null
                        || Objects.equals(
                                current.metadata().uid(), instance.metadata().uid())) {
                    remove(InstanceKey.of(instance), "it was deleted or moved to another node");
                }
            } else {
                apply(instance);
            }
        });
    }

    @Override
    public void onConnectionChange(boolean connected) {
        connection.accept(connected);
    }

    private void submit(Runnable step) {
        if (closed) {
            return;
        }
        worker.execute(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.error("reconciling the Instances of node {} failed", nodeName, e);
            }
        });
    }

    private void apply(Instance instance) {
        InstanceKey key = InstanceKey.of(instance);
        if (!nodeName.equals(instance.spec().node())) {
            remove(key, "it is bound to " + instance.spec().node());
            return;
        }
        Instance previous = known.get(key);
        boolean sameObject = previous != null
                && Objects.equals(previous.metadata().uid(), instance.metadata().uid());
        if (sameObject
                && previous.metadata().resourceVersion() > instance.metadata().resourceVersion()) {
            return;
        }
        known.put(key, instance);
        InstanceSupervisor current = supervisors.get(key);
        if (current != null && current.runs(instance)) {
            return;
        }
        if (current != null
                && sameObject
                && instance.spec().epoch() < current.context().epoch()) {
            LOG.warn(
                    "ignoring Instance {} at epoch {}: epoch {} runs already",
                    key,
                    instance.spec().epoch(),
                    current.context().epoch());
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
        InstanceSupervisor supervisor = factory.create(instance);
        supervisors.put(key, supervisor);
        supervisor.start();
        LOG.info(
                "started Instance {} ({})",
                key,
                instance.spec().template() == null
                        ? "no template"
                        : instance.spec().template().typeOrDefault().wireName());
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

    private void remove(InstanceKey key, String why) {
        known.remove(key);
        InstanceSupervisor supervisor = supervisors.remove(key);
        if (supervisor != null) {
            LOG.info("stopping Instance {}: {}", key, why);
            supervisor.stop(stopGrace);
        }
        logs.delete(key.namespace(), key.name());
        forget.accept(key);
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
