package dev.continuum.controller.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.controller.events.StoreEventRecorder;
import dev.continuum.controller.runtime.ControllerRunner;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.controller.runtime.WorkQueue;
import dev.continuum.controller.testing.ManualTime;
import dev.continuum.controller.testing.Sequence;
import dev.continuum.controller.testing.TestStore;
import dev.continuum.model.Application;
import dev.continuum.model.Condition;
import dev.continuum.model.Event;
import dev.continuum.model.EventType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus.SchedulingStatus;
import dev.continuum.model.Node;
import dev.continuum.model.Tier;
import dev.continuum.scheduler.Scheduler;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulingControllerTest {

    @TempDir
    Path dir;

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private final Instant t0 = time.instant();
    private TestStore store;
    private Informer<Node> nodes;
    private Informer<Instance> instances;
    private Informer<Application> applications;
    private WorkQueue<ObjectKey> queue;
    private ControllerRunner<ObjectKey> runner;

    @BeforeEach
    void open() {
        store = TestStore.open(dir, time);
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
            nodes.close();
            instances.close();
            applications.close();
        }
        store.close();
    }

    private void startController() {
        nodes = new Informer<>(store.typed(), Node.class, time);
        instances = new Informer<>(store.typed(), Instance.class, time);
        applications = new Informer<>(store.typed(), Application.class, time);
        SchedulingController controller = new SchedulingController(
                store.typed(),
                nodes,
                instances,
                applications,
                Scheduler.withDefaultProfiles(),
                time,
                new StoreEventRecorder(store.typed(), time, new Sequence("e"), "scheduler"));
        queue = new WorkQueue<>("scheduling", time, time, SchedulingController.UNSCHEDULABLE_BACKOFF, () -> 0.0);
        controller.register(queue);
        applications.start();
        instances.start();
        nodes.start();
        controller.queuePending();
        runner = new ControllerRunner<>("scheduling-controller", queue, controller, 1);
        runner.start();
    }

    private void settle() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> !queue.busy());
    }

    private Instance instance(String name) {
        return store.typed().get(Instance.class, "default", name).orElseThrow();
    }

    private Optional<String> nodeOf(String name) {
        return Optional.ofNullable(instance(name).spec().node());
    }

    private List<Event> events(String reason) {
        return store.typed().list(Event.class, "default").items().stream()
                .filter(e -> reason.equals(e.spec().reason()))
                .toList();
    }

    @Test
    void bindsAnInstanceToTheOnlyNodeThatFitsAndMarksItScheduled() {
        store.create(MakeNode.named("cloud-1").tier(Tier.CLOUD).obj());
        store.create(MakeNode.named("gw-1").tier(Tier.GATEWAY).obj());
        store.create(MakeNode.named("dev-1").tier(Tier.DEVICE).obj());
        store.create(MakeInstance.named("web-1").tiers(Tier.GATEWAY).obj());
        startController();

        await().until(() -> nodeOf("web-1").isPresent());
        assertThat(nodeOf("web-1")).contains("gw-1");
        await().until(() -> instance("web-1").status().phase() == InstancePhase.SCHEDULED);
        assertThat(instance("web-1").status().scheduling()).isNull();
        assertThat(instance("web-1").status().lastTransitionTime()).isEqualTo(t0);
        await().until(() -> events("Scheduled").size() == 1);
        assertThat(events("Scheduled").getFirst().spec().message()).isEqualTo("Bound default/web-1 to gw-1");
    }

    @Test
    void saysWhyNothingFitsThenBindsWhenAFittingNodeAppears() {
        store.create(MakeNode.named("cloud-1").tier(Tier.CLOUD).obj());
        store.create(MakeNode.named("cloud-2").tier(Tier.CLOUD).obj());
        store.create(MakeInstance.named("web-1").tiers(Tier.GATEWAY).obj());
        startController();

        await().until(() -> instance("web-1").status().scheduling() != null);
        SchedulingStatus verdict = instance("web-1").status().scheduling();
        assertThat(verdict.summary()).startsWith("0/2 nodes fit");
        assertThat(verdict.rejections()).extracting(r -> r.node()).containsExactlyInAnyOrder("cloud-1", "cloud-2");
        assertThat(verdict.lastAttempt()).isEqualTo(t0);
        assertThat(instance("web-1").status().phase()).isEqualTo(InstancePhase.PENDING);
        await().until(() -> events("FailedScheduling").size() == 1);
        Event failed = events("FailedScheduling").getFirst();
        assertThat(failed.spec().type()).isEqualTo(EventType.WARNING);
        assertThat(failed.spec().message()).isEqualTo(verdict.summary());
        assertThat(failed.spec().involvedObject().name()).isEqualTo("web-1");

        store.create(MakeNode.named("gw-1").tier(Tier.GATEWAY).obj());
        await().until(() -> nodeOf("web-1").isPresent());
        assertThat(nodeOf("web-1")).contains("gw-1");
        await().until(() -> instance("web-1").status().phase() == InstancePhase.SCHEDULED);
        assertThat(instance("web-1").status().scheduling())
                .as("the verdict is cleared")
                .isNull();
    }

    @Test
    void triesAgainOnASlowBackoffWhenNothingChanges() {
        store.create(MakeNode.named("cloud-1").tier(Tier.CLOUD).obj());
        store.create(MakeInstance.named("web-1").tiers(Tier.GATEWAY).obj());
        startController();
        await().until(() -> events("FailedScheduling").size() == 1);
        settle();

        time.advance(Duration.ofSeconds(4));
        settle();
        assertThat(events("FailedScheduling").getFirst().spec().count()).isEqualTo(1);
        time.advance(Duration.ofSeconds(1));
        settle();
        assertThat(events("FailedScheduling").getFirst().spec().count())
                .as("retried after 5 s")
                .isEqualTo(2);
        assertThat(instance("web-1").status().scheduling().lastAttempt()).isEqualTo(t0.plusSeconds(5));
        time.advance(Duration.ofSeconds(9));
        settle();
        assertThat(events("FailedScheduling").getFirst().spec().count()).isEqualTo(2);
        time.advance(Duration.ofSeconds(1));
        settle();
        assertThat(events("FailedScheduling").getFirst().spec().count())
                .as("then after 10 s")
                .isEqualTo(3);
    }

    @Test
    void writesAnUnchangedVerdictAtMostEveryFewSecondsHoweverOftenNodesChange() {
        store.create(MakeNode.named("cloud-1").tier(Tier.CLOUD).obj());
        store.create(MakeInstance.named("web-1").tiers(Tier.GATEWAY).obj());
        startController();
        await().until(() -> events("FailedScheduling").size() == 1);
        settle();
        long version = instance("web-1").metadata().resourceVersion();

        for (int i = 1; i <= 5; i++) {
            Node n = store.typed().get(Node.class, null, "cloud-1").orElseThrow();
            Node changed = store.typed()
                    .update(n.withSpec(n.spec().withParent("uplink-" + i)))
                    .orThrow();
            await().until(() -> nodes.revision() >= changed.metadata().resourceVersion());
            settle();
        }
        assertThat(instance("web-1").metadata().resourceVersion()).isEqualTo(version);
        assertThat(events("FailedScheduling").getFirst().spec().count()).isEqualTo(1);

        time.advance(SchedulingController.VERDICT_REFRESH);
        settle();
        assertThat(events("FailedScheduling").getFirst().spec().count()).isEqualTo(2);
    }

    @Test
    void countsWhatItJustBoundBeforeTheWatchShowsIt() {
        store.create(MakeNode.named("small").tier(Tier.GATEWAY).cpu("2").obj());
        for (int i = 1; i <= 3; i++) {
            store.create(MakeInstance.named("web-" + i).cpu("1").obj());
        }
        startController();
        await().until(() -> !events("FailedScheduling").isEmpty());
        settle();
        long bound = List.of("web-1", "web-2", "web-3").stream()
                .filter(n -> nodeOf(n).isPresent())
                .count();
        assertThat(bound).isEqualTo(2);
        assertThat(events("FailedScheduling").getFirst().spec().message()).contains("cpu");
    }

    @Test
    void schedulesWhatWasPendingAtStartOldestFirst() {
        store.create(MakeNode.named("small").tier(Tier.GATEWAY).cpu("1").obj());
        store.create(MakeInstance.named("b-older").cpu("1").obj());
        time.advance(Duration.ofSeconds(1));
        store.create(MakeInstance.named("a-newer").cpu("1").obj());
        startController();
        await().until(() -> nodeOf("b-older").isPresent());
        await().until(() -> instance("a-newer").status().scheduling() != null);
        assertThat(nodeOf("a-newer")).isEmpty();
    }

    @Test
    void placesNothingOnANodeThatIsNotReadyUntilItBecomesReady() {
        store.create(MakeNode.named("gw-1").tier(Tier.GATEWAY).notReady().obj());
        store.create(MakeInstance.named("web-1").obj());
        startController();
        await().until(() -> instance("web-1").status().scheduling() != null);
        assertThat(nodeOf("web-1")).isEmpty();

        Node n = store.typed().get(Node.class, null, "gw-1").orElseThrow();
        store.typed()
                .updateStatus(n.withStatus(
                        n.status().withCondition(Condition.of(Node.READY, true, "AgentReady", "up", time.instant()))))
                .orThrow();
        await().until(() -> nodeOf("web-1").isPresent());
        assertThat(nodeOf("web-1")).contains("gw-1");
    }

    @Test
    void evictsALowerPriorityInstanceToPlaceAHigherOne() {
        store.create(MakeNode.named("gw-1").tier(Tier.GATEWAY).cpu("1").obj());
        store.create(MakeInstance.named("batch-1")
                .cpu("1")
                .priority(0)
                .node("gw-1")
                .phase(InstancePhase.RUNNING)
                .obj());
        store.create(MakeInstance.named("urgent-1").cpu("1").priority(100).obj());
        startController();

        await().until(() -> nodeOf("urgent-1").isPresent());
        assertThat(nodeOf("urgent-1")).contains("gw-1");
        assertThat(store.typed().get(Instance.class, "default", "batch-1")).isEmpty();
        await().until(() -> events("Preempted").size() == 1);
        assertThat(events("Preempted").getFirst().spec().involvedObject().name())
                .isEqualTo("batch-1");
    }
}
