package dev.continuum.controller;

import dev.continuum.controller.application.ApplicationController;
import dev.continuum.controller.disconnect.DisconnectController;
import dev.continuum.controller.disconnect.PlacementComparison;
import dev.continuum.controller.disconnect.ReturnReconciler;
import dev.continuum.controller.events.StoreEventRecorder;
import dev.continuum.controller.node.EvictionGate;
import dev.continuum.controller.node.LifecycleOptions;
import dev.continuum.controller.node.NodeLifecycleController;
import dev.continuum.controller.node.Reachability;
import dev.continuum.controller.runtime.ControllerRunner;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.controller.runtime.RetryBackoff;
import dev.continuum.controller.runtime.SystemTimer;
import dev.continuum.controller.runtime.Timer;
import dev.continuum.controller.runtime.WorkQueue;
import dev.continuum.controller.scheduling.SchedulingController;
import dev.continuum.model.Application;
import dev.continuum.model.Instance;
import dev.continuum.model.Lease;
import dev.continuum.model.Node;
import dev.continuum.model.Resource;
import dev.continuum.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers of a control plane, started together over one store: the Application controller,
 * the scheduling controller, the node lifecycle controller and the disconnect controller, sharing
 * one informer per kind.
 *
 * <p>{@link #start} lists every kind before it returns (so the first reconciles see a full cache) and
 * throws when the store cannot be read. {@link #close} stops the workers (each finishes its current
 * key), the watches and, when the options brought none, the timer. Thread-safe.
 */
public final class Controllers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controllers.class);

    private final List<Informer<?>> informers = new ArrayList<>();
    private final List<ControllerRunner<?>> runners = new ArrayList<>();
    private final SystemTimer ownTimer;
    private volatile boolean closed;

    private Controllers(SystemTimer ownTimer) {
        this.ownTimer = ownTimer;
    }

    /** Starts every controller; see the class comment. */
    public static Controllers start(ResourceStore store, ControllerOptions options) {
        SystemTimer own = options.timer() == null ? new SystemTimer("continuum-controllers-timer") : null;
        Timer timer = own != null ? own : options.timer();
        Controllers c = new Controllers(own);
        try {
            c.wire(store, options, timer);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void wire(ResourceStore store, ControllerOptions options, Timer timer) {
        Informer<Application> applications = informer(store, Application.class, timer);
        Informer<Instance> instances = informer(store, Instance.class, timer);
        Informer<Node> nodes = informer(store, Node.class, timer);
        Informer<Lease> leases = informer(store, Lease.class, timer);

        ApplicationController applicationController =
                new ApplicationController(store, applications, instances, options.clock(), options.ids());
        WorkQueue<ObjectKey> applicationQueue = queue("applications", options, timer);
        applicationController.register(applicationQueue);

        SchedulingController scheduling = new SchedulingController(
                store,
                nodes,
                instances,
                applications,
                options.scheduler(),
                options.clock(),
                new StoreEventRecorder(store, options.clock(), options.ids(), "scheduler"));
        WorkQueue<ObjectKey> schedulingQueue = new WorkQueue<>(
                "scheduling",
                options.clock(),
                timer,
                SchedulingController.UNSCHEDULABLE_BACKOFF,
                () -> ThreadLocalRandom.current().nextDouble());
        scheduling.register(schedulingQueue);

        // Renewals are timed from when this control plane sees them: everything before the informers
        // start counts as seen at the start, so a restart is not taken for node loss.
        Reachability reachability = new Reachability(options.clock(), options.defaultLeaseDuration());
        LifecycleOptions lifecycleOptions = options.lifecycle();
        NodeLifecycleController lifecycle = new NodeLifecycleController(
                store,
                nodes,
                leases,
                options.clock(),
                new StoreEventRecorder(store, options.clock(), options.ids(), "node-lifecycle-controller"),
                reachability,
                lifecycleOptions);
        WorkQueue<ObjectKey> nodeQueue = queue("node-lifecycle", options, timer);
        lifecycle.register(nodeQueue);

        StoreEventRecorder disconnectEvents =
                new StoreEventRecorder(store, options.clock(), options.ids(), "disconnect-controller");
        DisconnectController.addIndexes(instances);
        DisconnectController disconnect = new DisconnectController(
                store,
                nodes,
                instances,
                reachability,
                new EvictionGate(
                        options.clock(),
                        lifecycleOptions.evictionRate(),
                        lifecycleOptions.evictionBurst(),
                        lifecycleOptions.unhealthyThreshold()),
                lifecycleOptions,
                lifecycle::autonomy,
                options.clock(),
                disconnectEvents,
                new ReturnReconciler(
                        store,
                        instances,
                        reachability,
                        lifecycleOptions,
                        new PlacementComparison(options.scheduler(), nodes, instances, applications),
                        options.clock(),
                        disconnectEvents));
        WorkQueue<ObjectKey> disconnectQueue = queue("disconnect", options, timer);
        disconnect.register(disconnectQueue, leases);

        for (Informer<?> i : informers) {
            i.start();
        }
        scheduling.queuePending();
        runners.add(new ControllerRunner<>(
                "application-controller", applicationQueue, applicationController, options.workers()));
        // One worker: the scheduler's cluster state has a single owner, and FIFO order holds.
        runners.add(new ControllerRunner<>("scheduling-controller", schedulingQueue, scheduling, 1));
        runners.add(new ControllerRunner<>("node-lifecycle-controller", nodeQueue, lifecycle, 1));
        // One worker: the eviction gate's bucket and the held-back notes have a single owner.
        runners.add(new ControllerRunner<>("disconnect-controller", disconnectQueue, disconnect, 1));
        for (ControllerRunner<?> r : runners) {
            r.start();
        }
        lifecycle.checkEvery(options.leaseCheckInterval(), timer, nodeQueue);
        disconnect.checkEvery(options.leaseCheckInterval(), timer, disconnectQueue);
        LOG.info(
                "controllers started: {}",
                runners.stream().map(ControllerRunner::name).toList());
    }

    private <T extends Resource> Informer<T> informer(ResourceStore store, Class<T> type, Timer timer) {
        Informer<T> i = new Informer<>(store, type, timer);
        informers.add(i);
        return i;
    }

    private static WorkQueue<ObjectKey> queue(String name, ControllerOptions options, Timer timer) {
        return new WorkQueue<>(
                name,
                options.clock(),
                timer,
                RetryBackoff.DEFAULT,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** True while every controller's workers run; false once closed. */
    public boolean running() {
        return !closed && !runners.isEmpty() && runners.stream().allMatch(ControllerRunner::running);
    }

    /** Stops everything; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ControllerRunner<?> r : runners) {
            r.close();
        }
        for (Informer<?> i : informers) {
            i.close();
        }
        if (ownTimer != null) {
            ownTimer.close();
        }
    }
}
