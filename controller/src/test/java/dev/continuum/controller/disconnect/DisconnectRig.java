package dev.continuum.controller.disconnect;

import static org.awaitility.Awaitility.await;

import dev.continuum.controller.events.StoreEventRecorder;
import dev.continuum.controller.node.EvictionGate;
import dev.continuum.controller.node.LifecycleOptions;
import dev.continuum.controller.node.NodeLifecycleController;
import dev.continuum.controller.node.Reachability;
import dev.continuum.controller.runtime.ControllerRunner;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.controller.runtime.RetryBackoff;
import dev.continuum.controller.runtime.WorkQueue;
import dev.continuum.controller.testing.ManualTime;
import dev.continuum.controller.testing.Resources;
import dev.continuum.controller.testing.Sequence;
import dev.continuum.controller.testing.TestStore;
import dev.continuum.model.Application;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Condition;
import dev.continuum.model.DisconnectPolicy;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.Lease;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.ReconcileStrategy;
import dev.continuum.model.Resource;
import dev.continuum.model.Tier;
import dev.continuum.scheduler.Scheduler;
import dev.continuum.store.ResourceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node lifecycle and disconnect controllers over a real SQLite store, on a manual clock: nodes
 * renew leases only when the test says so, and time moves only when it says so.
 */
final class DisconnectRig implements AutoCloseable {

    static final Duration LEASE = Duration.ofSeconds(10);

    final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    final TestStore store;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<WorkQueue<ObjectKey>> queues = new ArrayList<>();
    private final List<Watched<?>> informers = new ArrayList<>();
    private ResourceStore controllerStore;
    private LifecycleOptions options =
            LifecycleOptions.defaults().withFencingMargin(Duration.ofSeconds(2)).withEvictionRate(100, 100);
    private Informer<Lease> leases;
    private Informer<Node> nodes;
    private boolean startLeases = true;

    DisconnectRig(Path dir) {
        store = TestStore.open(dir, time);
    }

    DisconnectRig options(LifecycleOptions value) {
        options = value;
        return this;
    }

    LifecycleOptions options() {
        return options;
    }

    /** The controllers see leases only by reading the store (no lease informer): renewals never reach them by watch. */
    DisconnectRig withoutLeaseWatch() {
        startLeases = false;
        return this;
    }

    DisconnectRig controllerStore(ResourceStore value) {
        controllerStore = value;
        return this;
    }

    void start() {
        ResourceStore s = controllerStore == null ? store.typed() : controllerStore;
        nodes = watched(Node.class);
        Informer<Instance> instances = watched(Instance.class);
        Informer<Application> applications = watched(Application.class);
        leases = startLeases ? watched(Lease.class) : new Informer<>(store.typed(), Lease.class, time);
        Reachability reachability = new Reachability(time, Duration.ofSeconds(30));
        var lifecycle = new NodeLifecycleController(
                s,
                nodes,
                leases,
                time,
                new StoreEventRecorder(s, time, new Sequence("l"), "node-lifecycle-controller"),
                reachability,
                options);
        WorkQueue<ObjectKey> lifecycleQueue = queue("node-lifecycle");
        lifecycle.register(lifecycleQueue);
        var recorder = new StoreEventRecorder(s, time, new Sequence("d"), "disconnect-controller");
        DisconnectController.addIndexes(instances);
        var disconnect = new DisconnectController(
                s,
                nodes,
                instances,
                reachability,
                new EvictionGate(time, options.evictionRate(), options.evictionBurst(), options.unhealthyThreshold()),
                options,
                lifecycle::autonomy,
                time,
                recorder,
                new ReturnReconciler(
                        s,
                        instances,
                        reachability,
                        options,
                        new PlacementComparison(Scheduler.withDefaultProfiles(), nodes, instances, applications),
                        time,
                        recorder));
        WorkQueue<ObjectKey> disconnectQueue = queue("disconnect");
        disconnect.register(disconnectQueue, leases);
        nodes.start();
        instances.start();
        applications.start();
        if (startLeases) {
            leases.start();
        }
        closeables.add(nodes);
        closeables.add(instances);
        closeables.add(applications);
        closeables.add(leases);
        var lifecycleRunner = new ControllerRunner<>("node-lifecycle-controller", lifecycleQueue, lifecycle, 1);
        var disconnectRunner = new ControllerRunner<>("disconnect-controller", disconnectQueue, disconnect, 1);
        closeables.add(0, lifecycleRunner);
        closeables.add(0, disconnectRunner);
        lifecycleRunner.start();
        disconnectRunner.start();
        lifecycle.checkEvery(Duration.ofSeconds(5), time, lifecycleQueue);
        disconnect.checkEvery(Duration.ofSeconds(5), time, disconnectQueue);
        settle();
    }

    private WorkQueue<ObjectKey> queue(String name) {
        WorkQueue<ObjectKey> q = new WorkQueue<>(name, time, time, RetryBackoff.DEFAULT, () -> 0.5);
        queues.add(q);
        return q;
    }

    private <T extends Resource> Informer<T> watched(Class<T> type) {
        Informer<T> informer = new Informer<>(store.typed(), type, time);
        informers.add(new Watched<>(type, informer));
        return informer;
    }

    /** An informer and the kind it watches, to compare its cache with the store. */
    private record Watched<T extends Resource>(Class<T> type, Informer<T> informer) {
        Map<ObjectKey, Long> cached() {
            var versions = new HashMap<ObjectKey, Long>();
            informer.cache()
                    .list()
                    .forEach(r -> versions.put(ObjectKey.of(r), r.metadata().resourceVersion()));
            return versions;
        }

        boolean caughtUp(ResourceStore store) {
            var stored = new HashMap<ObjectKey, Long>();
            store.list(type, null)
                    .items()
                    .forEach(r -> stored.put(ObjectKey.of(r), r.metadata().resourceVersion()));
            long newest =
                    stored.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return informer.revision() >= newest && cached().equals(stored);
        }
    }

    /**
     * Waits until both controllers have handled everything due now: every informer's cache shows what
     * the store holds and its handlers have seen the newest write (the informer's revision moves after
     * they ran), no queue has work, and nothing was written meanwhile — three polls in a row, since an
     * informer hands a deletion to its handlers just after it leaves the cache.
     */
    void settle() {
        int[] quietPolls = {0};
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            long before = store.raw().revision();
            boolean quiet = queues.stream().noneMatch(WorkQueue::busy)
                    && informers.stream().allMatch(w -> w.caughtUp(store.typed()))
                    && store.raw().revision() == before;
            quietPolls[0] = quiet ? quietPolls[0] + 1 : 0;
            return quietPolls[0] >= 3;
        });
    }

    /** Moves time on in one-second steps, letting the controllers catch up after each. */
    void pass(Duration total) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plusSeconds(1)) {
            time.advance(Duration.ofSeconds(1));
            settle();
        }
    }

    /** A Ready node of {@code tier} with its autonomy window, and its lease renewed now. */
    Node node(String name, Tier tier, Duration autonomy) {
        Node n = store.create(Resources.node(name, tier, "8", "16Gi"));
        if (autonomy != null) {
            n = store.typed()
                    .update(n.withSpec(new NodeSpec(tier, null, null, null, autonomy, null, null)))
                    .orThrow();
        }
        store.create(Resources.lease(name, time.instant(), LEASE));
        return n;
    }

    /** What the node's agent does every few seconds; returns once the controllers have seen it. */
    void renew(String name) {
        Lease l = store.typed().get(Lease.class, null, name).orElseThrow();
        Lease renewed = store.typed()
                .update(l.withSpec(Resources.lease(name, time.instant(), LEASE).spec()))
                .orThrow();
        if (startLeases) {
            await().until(() -> leases.revision() >= renewed.metadata().resourceVersion());
        }
        settle();
    }

    /** Waits until the controllers' cache of nodes shows what the store says about {@code name}'s readiness. */
    void awaitNodeCache(String name) {
        boolean ready = store.typed().get(Node.class, null, name).orElseThrow().isReady();
        await().until(() -> nodes.cache()
                .get(dev.continuum.controller.runtime.ObjectKey.cluster(name))
                .map(n -> n.isReady() == ready)
                .orElse(false));
    }

    /** What a returning agent writes after renewing: Ready=True. */
    void reportReady(String name) {
        Node n = store.typed().get(Node.class, null, name).orElseThrow();
        store.typed()
                .updateStatus(n.withStatus(
                        n.status().withCondition(Condition.of(Node.READY, true, "AgentReady", "back", time.instant()))))
                .orThrow();
        settle();
    }

    /** A component running the test module with a disconnect policy. */
    static Component component(String name, DisconnectPolicy policy) {
        return new Component(
                name,
                ComponentType.SERVICE,
                "file:/srv/" + name + ".wasm",
                null,
                null,
                1,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                policy,
                null,
                null);
    }

    static DisconnectPolicy policy(
            Duration lostAfter, Boolean replace, ReconcileStrategy reconcile, Duration stopAfter, Boolean atMostOne) {
        return new DisconnectPolicy(lostAfter, replace, reconcile, stopAfter, atMostOne);
    }

    /** A Running Instance of {@code component} bound to {@code node}. */
    Instance running(String name, Component component, String node, long epoch, Map<String, String> annotations) {
        Instance i = store.create(Instance.of(
                ObjectMeta.named("default", name)
                        .withLabel(Instance.APPLICATION_LABEL, "app")
                        .withLabel(Instance.COMPONENT_LABEL, component.name())
                        .withAnnotations(annotations),
                new InstanceSpec("app", component.name(), component, node, epoch)));
        return store.typed()
                .updateStatus(i.withStatus(new InstanceStatus(
                        InstancePhase.RUNNING, null, null, null, time.instant(), time.instant(), 0, null, epoch, null)))
                .orThrow();
    }

    Instance running(String name, Component component, String node) {
        return running(name, component, node, 1, Map.of());
    }

    /** What the replacement's agent reports once it stopped a fenced copy. */
    void reportStopped(String name) {
        Instance i = get(name);
        store.typed()
                .updateStatus(
                        i.withStatus(i.status().withPhase(InstancePhase.STOPPED, "Fenced", "stopped", time.instant())))
                .orThrow();
        settle();
    }

    Instance get(String name) {
        return store.typed()
                .get(Instance.class, "default", name)
                .orElseThrow(() -> new AssertionError("no Instance " + name));
    }

    boolean exists(String name) {
        return store.typed().get(Instance.class, "default", name).isPresent();
    }

    boolean lost(String name) {
        return Disconnection.lost(get(name));
    }

    String readiness(String node) {
        Node n = store.typed().get(Node.class, null, node).orElseThrow();
        return n.isReady() ? "Ready" : n.readyCondition().orElseThrow().reason();
    }

    List<String> events(String reason) {
        return store.typed().list(Event.class, "default").items().stream()
                .filter(e -> reason.equals(e.spec().reason()))
                .map(e -> e.spec().message())
                .toList();
    }

    Instant now() {
        return time.instant();
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        store.close();
    }
}
