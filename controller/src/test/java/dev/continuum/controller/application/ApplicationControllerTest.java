package dev.continuum.controller.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.ApplicationStatus.ComponentStatus;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Scaling;
import dev.continuum.model.validation.Defaults;
import dev.continuum.store.ResourceEvent;
import dev.continuum.store.WatchStart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationControllerTest {

    @TempDir
    Path dir;

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private TestStore store;
    private Informer<Application> applications;
    private Informer<Instance> instances;
    private ControllerRunner<ObjectKey> runner;

    @BeforeEach
    void open() {
        store = TestStore.open(dir, time);
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
            applications.close();
            instances.close();
        }
        store.close();
    }

    private void startController() {
        applications = new Informer<>(store.typed(), Application.class, time);
        instances = new Informer<>(store.typed(), Instance.class, time);
        ApplicationController controller =
                new ApplicationController(store.typed(), applications, instances, time, new Sequence("i"));
        WorkQueue<ObjectKey> queue = new WorkQueue<>("applications", time, time, RetryBackoff.DEFAULT, () -> 0.5);
        controller.register(queue);
        applications.start();
        instances.start();
        runner = new ControllerRunner<>("application-controller", queue, controller, 2);
        runner.start();
    }

    private List<Instance> instancesOf(String app) {
        return store.typed().list(Instance.class, "default").items().stream()
                .filter(i -> app.equals(i.spec().application()))
                .toList();
    }

    private List<Instance> instancesOf(String app, String component) {
        return instancesOf(app).stream()
                .filter(i -> component.equals(i.spec().component()))
                .toList();
    }

    private Application stored(String name) {
        return store.typed().get(Application.class, "default", name).orElseThrow();
    }

    private Application update(String name, Component... components) {
        Application app = unconditional(stored(name));
        return store.typed()
                .update(app.withSpec(new ApplicationSpec(List.of(components), null)))
                .orThrow();
    }

    /** The controller writes the status meanwhile; a test's change must not lose to that. */
    private static Application unconditional(Application app) {
        return app.withMetadata(app.metadata().withResourceVersion(0));
    }

    /** What a scheduler and an agent would do: bind the Instance and report it in {@code phase}. */
    private void place(Instance i, InstancePhase phase) {
        Instance bound =
                store.typed().update(i.withSpec(i.spec().withNode("n1"))).orThrow();
        store.typed()
                .updateStatus(bound.withStatus(bound.status().withPhase(phase, null, null, time.instant())))
                .orThrow();
    }

    private static Component function(String name, int minReplicas) {
        Component f = Component.of(name, ComponentType.FUNCTION, "file:" + name + ".wasm");
        return new Component(
                f.name(),
                f.type(),
                f.module(),
                null,
                null,
                null,
                new Scaling(minReplicas, 10, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void createsOneUnboundInstancePerReplicaLabelledAndCarryingTheDefaultedTemplate() {
        Component web = Resources.service("web").withReplicas(3);
        Component api = Component.of("api", null, "file:api.wasm");
        store.create(Resources.application("hello", web, api));
        startController();

        await().until(() -> instancesOf("hello").size() == 4);
        assertThat(instancesOf("hello", "web")).hasSize(3).allSatisfy(i -> {
            assertThat(i.metadata().name()).matches("hello-web-[a-z0-9]{5}");
            assertThat(i.metadata().labels())
                    .containsEntry(Instance.APPLICATION_LABEL, "hello")
                    .containsEntry(Instance.COMPONENT_LABEL, "web");
            assertThat(i.spec().template()).isEqualTo(Defaults.component(web));
            assertThat(i.spec().epoch()).isEqualTo(1);
            assertThat(i.spec().node()).isNull();
            assertThat(i.status().phase()).isEqualTo(InstancePhase.PENDING);
        });
        assertThat(instancesOf("hello", "api"))
                .singleElement()
                .satisfies(i -> assertThat(i.spec().template())
                        .isEqualTo(Component.of("api", ComponentType.SERVICE, "file:api.wasm")
                                .withReplicas(1)));

        await().until(() -> stored("hello").status().observedGeneration() != null);
        assertThat(stored("hello").status().observedGeneration()).isEqualTo(1);
        assertThat(stored("hello").status().components())
                .containsExactly(
                        new ComponentStatus("web", 3, 0, "3 Instances pending: waiting for the scheduler"),
                        new ComponentStatus("api", 1, 0, "1 Instance pending: waiting for the scheduler"));
    }

    @Test
    void countsRunningInstancesInTheStatus() {
        store.create(Resources.application("hello", Resources.service("web").withReplicas(2)));
        startController();
        await().until(() -> instancesOf("hello").size() == 2);
        instancesOf("hello").forEach(i -> place(i, InstancePhase.RUNNING));
        await().until(() ->
                stored("hello").status().components().equals(List.of(new ComponentStatus("web", 2, 2, null))));
    }

    @Test
    void startsAScalingComponentAtItsMinimumAndAFunctionAtZeroWithNone() {
        store.create(Resources.application("fns", function("idle", 0), function("warm", 2)));
        startController();
        await().until(() -> instancesOf("fns", "warm").size() == 2);
        await().until(() -> stored("fns").status().components().size() == 2);
        assertThat(instancesOf("fns", "idle")).isEmpty();
        assertThat(stored("fns").status().components().getFirst()).isEqualTo(new ComponentStatus("idle", 0, 0, null));
    }

    @Test
    void scalesUpAndDownRemovingUnboundThenNotRunningFirst() {
        store.create(Resources.application("hello", Resources.service("web").withReplicas(4)));
        startController();
        await().until(() -> instancesOf("hello").size() == 4);
        List<Instance> four = instancesOf("hello");
        place(four.get(0), InstancePhase.RUNNING);
        place(four.get(1), InstancePhase.RUNNING);
        place(four.get(2), InstancePhase.STARTING);
        String unbound = four.get(3).metadata().name();
        String starting = four.get(2).metadata().name();
        await().until(() ->
                instancesOf("hello").stream().filter(Instance::isBound).count() == 3);

        update("hello", Resources.service("web").withReplicas(3));
        await().until(() -> instancesOf("hello").size() == 3);
        assertThat(instancesOf("hello")).extracting(i -> i.metadata().name()).doesNotContain(unbound);

        update("hello", Resources.service("web").withReplicas(2));
        await().until(() -> instancesOf("hello").size() == 2);
        assertThat(instancesOf("hello"))
                .extracting(i -> i.metadata().name())
                .containsExactlyInAnyOrder(
                        four.get(0).metadata().name(), four.get(1).metadata().name())
                .doesNotContain(starting);

        update("hello", Resources.service("web").withReplicas(5));
        await().until(() -> instancesOf("hello").size() == 5);
    }

    @Test
    void aScaleChangeKeepsTheInstancesThatExist() {
        store.create(Resources.application("hello", Resources.service("web").withReplicas(2)));
        startController();
        await().until(() -> instancesOf("hello").size() == 2);
        Set<String> before = names(instancesOf("hello"));

        update("hello", Resources.service("web").withReplicas(3));
        await().until(() -> instancesOf("hello").size() == 3);
        assertThat(names(instancesOf("hello"))).containsAll(before);
    }

    private static Set<String> names(List<Instance> list) {
        return list.stream().map(i -> i.metadata().name()).collect(Collectors.toSet());
    }

    @Test
    void replacesInstancesOneAtATimeCreatingTheNewBeforeDeletingTheOld() {
        Component v1 = Resources.service("web").withReplicas(2);
        store.create(Resources.application("hello", v1));
        startController();
        await().until(() -> instancesOf("hello").size() == 2);
        instancesOf("hello").forEach(i -> place(i, InstancePhase.RUNNING));
        Set<String> old = names(instancesOf("hello"));

        Component v2 = v1.withModule("file:web-v2.wasm");
        update("hello", v2);
        await().until(() -> instancesOf("hello").size() == 3);
        await().until(() -> stored("hello").status().components().getFirst().message() != null
                && stored("hello").status().components().getFirst().message().startsWith("replacing 2 Instances"));
        assertThat(names(instancesOf("hello")))
                .as("the old copies keep serving")
                .containsAll(old);
        Instance first = newOnes(v2).getFirst();

        place(first, InstancePhase.RUNNING);
        await().until(() -> newOnes(v2).size() == 2 && instancesOf("hello").size() == 3);
        assertThat(names(instancesOf("hello")).stream().filter(old::contains)).hasSize(1);

        newOnes(v2).stream().filter(i -> !i.isBound()).forEach(i -> place(i, InstancePhase.RUNNING));
        await().until(() -> instancesOf("hello").size() == 2 && newOnes(v2).size() == 2);
        assertThat(names(instancesOf("hello"))).doesNotContainAnyElementsOf(old);
        await().until(() ->
                stored("hello").status().components().equals(List.of(new ComponentStatus("web", 2, 2, null))));
    }

    private List<Instance> newOnes(Component template) {
        Component wanted = Defaults.component(template);
        return instancesOf("hello").stream()
                .filter(i -> i.spec().template().equals(wanted))
                .toList();
    }

    @Test
    void leavesAFinishedJobAloneEvenAfterItsTemplateChanges() {
        Component batch = Resources.job("batch");
        store.create(Resources.application("etl", batch));
        startController();
        await().until(() -> instancesOf("etl").size() == 1);
        Instance job = instancesOf("etl").getFirst();
        place(job, InstancePhase.SUCCEEDED);

        // A second component is the barrier: once it has its Instance, the reconcile that saw the
        // new batch template has run too.
        update("etl", batch.withModule("file:batch-v2.wasm"), Resources.service("report"));
        await().until(() -> instancesOf("etl", "report").size() == 1);
        assertThat(instancesOf("etl", "batch"))
                .singleElement()
                .satisfies(i ->
                        assertThat(i.metadata().name()).isEqualTo(job.metadata().name()));
    }

    @Test
    void deletesTheInstancesOfAComponentThatWasRemoved() {
        store.create(Resources.application("hello", Resources.service("web"), Resources.service("api")));
        startController();
        await().until(() -> instancesOf("hello").size() == 2);
        update("hello", Resources.service("web"));
        await().until(() -> instancesOf("hello", "api").isEmpty());
        assertThat(instancesOf("hello", "web")).hasSize(1);
    }

    @Test
    void deletesTheInstancesOfADeletedApplication() {
        store.create(Resources.application("hello", Resources.service("web").withReplicas(3)));
        store.create(Resources.application("other", Resources.service("web")));
        startController();
        await().until(() ->
                instancesOf("hello").size() == 3 && instancesOf("other").size() == 1);
        store.typed().delete(Application.class, "default", "hello", 0);
        await().until(() -> instancesOf("hello").isEmpty());
        assertThat(instancesOf("other")).hasSize(1);
    }

    private Instance orphan(String name, String app) {
        Component c = Defaults.component(Resources.service("web"));
        return Instance.of(
                ObjectMeta.named("default", name)
                        .withLabel(Instance.APPLICATION_LABEL, app)
                        .withLabel(Instance.COMPONENT_LABEL, "web"),
                new InstanceSpec(app, "web", c, "n1", 1));
    }

    @Test
    void deletesOrphansWhoseApplicationIsGoneFoundAtStartOrLater() {
        store.create(orphan("ghost-web-aaaaa", "ghost"));
        store.create(Resources.application("hello", Resources.service("web")));
        startController();
        await().until(() ->
                instancesOf("ghost").isEmpty() && instancesOf("hello").size() == 1);

        store.create(orphan("ghost-web-bbbbb", "ghost"));
        await().until(() -> instancesOf("ghost").isEmpty());
        assertThat(instancesOf("hello")).hasSize(1);
    }

    @Test
    void createsEachInstanceOnceWhileItsApplicationChangesQuickly() {
        Map<String, Integer> creations = new ConcurrentHashMap<>();
        WatchStart watch = store.typed()
                .watch(
                        Instance.class,
                        null,
                        0,
                        (ResourceEvent<Instance> e) -> {
                            if (e.type() == ResourceEvent.Type.ADDED) {
                                creations.merge(e.object().metadata().name(), 1, Integer::sum);
                            }
                        },
                        () -> {});
        store.create(Resources.application("hello", Resources.service("web").withReplicas(5)));
        startController();
        for (int n = 0; n < 20; n++) {
            Application app = unconditional(stored("hello"));
            store.typed()
                    .update(app.withMetadata(app.metadata().withLabel("touch", Integer.toString(n))))
                    .orThrow();
        }
        await().until(() -> instancesOf("hello").size() == 5
                && stored("hello").metadata().labels().get("touch").equals("19"));
        time.advance(Duration.ofMinutes(5)); // retries of conflicting status writes, expectation waits
        await().until(() -> !runner.queue().busy());
        assertThat(creations).hasSize(5);
        assertThat(instancesOf("hello")).hasSize(5);
        ((WatchStart.Started) watch).watch().close();
    }

    @Test
    void replacesALostCopyWithTheNextEpochOfItsLineageAndTheCurrentTemplate() {
        store.create(Resources.application("hello", Resources.service("web")));
        startController();
        await().until(() -> instancesOf("hello").size() == 1);
        Instance original = instancesOf("hello").getFirst();
        place(original, InstancePhase.RUNNING);
        Instance placed = store.typed()
                .get(Instance.class, "default", original.metadata().name())
                .orElseThrow();
        store.typed()
                .update(placed.withMetadata(placed.metadata()
                        .withAnnotations(java.util.Map.of(
                                Disconnection.LOST, time.instant().toString()))))
                .orThrow();

        await().until(() -> instancesOf("hello").size() == 2);
        Instance replacement = instancesOf("hello").stream()
                .filter(i -> !i.metadata().name().equals(original.metadata().name()))
                .findFirst()
                .orElseThrow();
        assertThat(replacement.spec().epoch()).isEqualTo(original.spec().epoch() + 1);
        assertThat(replacement.spec().node()).isNull();
        assertThat(replacement.metadata().annotations())
                .containsEntry(Disconnection.REPLACES, original.metadata().name())
                .containsEntry(Disconnection.LINEAGE, original.metadata().name());
        assertThat(store.typed()
                        .get(Instance.class, "default", original.metadata().name()))
                .as("the lost original is kept for its node's return")
                .isPresent();
        await().until(() -> stored("hello").status().components().getFirst().message() != null
                && stored("hello").status().components().getFirst().message().contains("1 Instance lost"));
    }
}
