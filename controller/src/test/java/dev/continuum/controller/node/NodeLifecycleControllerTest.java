package dev.continuum.controller.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.controller.events.StoreEventRecorder;
import dev.continuum.controller.runtime.ControllerRunner;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.controller.runtime.RetryBackoff;
import dev.continuum.controller.runtime.WorkQueue;
import dev.continuum.controller.testing.FlakyStore;
import dev.continuum.controller.testing.ManualTime;
import dev.continuum.controller.testing.Resources;
import dev.continuum.controller.testing.Sequence;
import dev.continuum.controller.testing.TestStore;
import dev.continuum.model.Condition;
import dev.continuum.model.Event;
import dev.continuum.model.EventType;
import dev.continuum.model.Lease;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.Tier;
import dev.continuum.store.ResourceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLifecycleControllerTest {

    private static final Duration LEASE = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private final Instant t0 = time.instant();
    private TestStore store;
    private Informer<Node> nodes;
    private Informer<Lease> leases;
    private WorkQueue<ObjectKey> queue;
    private ControllerRunner<ObjectKey> runner;
    private LifecycleOptions options = LifecycleOptions.defaults();
    private ResourceStore controllerStore;

    @BeforeEach
    void open() {
        store = TestStore.open(dir, time);
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
            nodes.close();
            leases.close();
        }
        store.close();
    }

    private void startController() {
        nodes = new Informer<>(store.typed(), Node.class, time);
        leases = new Informer<>(store.typed(), Lease.class, time);
        NodeLifecycleController controller = new NodeLifecycleController(
                controllerStore == null ? store.typed() : controllerStore,
                nodes,
                leases,
                time,
                new StoreEventRecorder(store.typed(), time, new Sequence("e"), "node-lifecycle-controller"),
                new Reachability(time, Duration.ofSeconds(30)),
                options);
        queue = new WorkQueue<>("node-lifecycle", time, time, RetryBackoff.DEFAULT, () -> 0.5);
        controller.register(queue);
        nodes.start();
        leases.start();
        runner = new ControllerRunner<>("node-lifecycle-controller", queue, controller, 1);
        runner.start();
        controller.checkEvery(Duration.ofSeconds(5), time, queue);
        settle();
    }

    /** Waits until the controller has handled everything that is due now. */
    private void settle() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> !queue.busy());
    }

    /** Moves time on by {@code total} in steps of one second, letting the controller catch up after each. */
    private void pass(Duration total) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plusSeconds(1)) {
            time.advance(Duration.ofSeconds(1));
            settle();
        }
    }

    private Node node(String name) {
        return store.typed().get(Node.class, null, name).orElseThrow();
    }

    private Condition ready(String name) {
        return node(name).readyCondition().orElseThrow();
    }

    /** What the node's agent does every few seconds; returns once the controller has seen it. */
    private void renew(String name) {
        Lease l = store.typed().get(Lease.class, null, name).orElseThrow();
        Lease renewed = store.typed()
                .update(l.withSpec(Resources.lease(name, time.instant(), LEASE).spec()))
                .orThrow();
        await().until(() -> leases.revision() >= renewed.metadata().resourceVersion());
        settle();
    }

    private List<Event> events() {
        return store.typed().list(Event.class, "default").items();
    }

    private Node registered(String name, Instant renewed) {
        Node n = store.create(Resources.node(name, Tier.GATEWAY, "2", "4Gi"));
        store.create(Resources.lease(name, renewed, LEASE));
        return n;
    }

    @Test
    void marksANodeUnreachableWhenNoRenewalWasSeenForItsGraceKeepingTheRestOfItsStatus() {
        Node before = registered("gw-1", t0);
        startController();

        pass(LEASE);
        assertThat(node("gw-1").isReady())
                .as("at exactly the last renewal seen + the grace the node is still in time")
                .isTrue();
        pass(Duration.ofSeconds(1));

        Condition c = ready("gw-1");
        assertThat(c.status()).isEqualTo("False");
        assertThat(c.reason()).isEqualTo(NodeLifecycleController.UNREACHABLE);
        assertThat(c.message())
                .contains("no lease renewal seen since " + t0)
                .contains("grace PT40S")
                .contains("autonomy window PT24H");
        assertThat(c.lastTransitionTime()).isAfter(t0.plus(LEASE)).isBeforeOrEqualTo(t0.plusSeconds(41));
        Node after = node("gw-1");
        assertThat(after.status().capacity()).isEqualTo(before.status().capacity());
        assertThat(after.status().platform()).isEqualTo(before.status().platform());
        assertThat(after.status().runtimes()).isEqualTo(before.status().runtimes());
        assertThat(after.spec()).isEqualTo(before.spec());
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.spec().type()).isEqualTo(EventType.WARNING);
            assertThat(e.spec().reason()).isEqualTo("NodeUnreachable");
            assertThat(e.spec().involvedObject().name()).isEqualTo("gw-1");
            assertThat(e.spec().message()).startsWith("Node gw-1 is unreachable: ");
        });
    }

    @Test
    void declaresANodeLostAfterItsAutonomyWindowAndRemovesItAfterTheRetention() {
        options = options.withLostNodeRetention(Duration.ofMinutes(10));
        Node n = store.create(Resources.node("gw-1", Tier.GATEWAY, "2", "4Gi"));
        store.typed()
                .update(n.withSpec(new NodeSpec(Tier.GATEWAY, null, null, null, Duration.ofMinutes(2), null, null)))
                .orThrow();
        store.create(Resources.lease("gw-1", t0, LEASE));
        startController();

        pass(LEASE.plusSeconds(1));
        assertThat(ready("gw-1").reason()).isEqualTo(NodeLifecycleController.UNREACHABLE);
        pass(Duration.ofMinutes(2).minusSeconds(2));
        assertThat(ready("gw-1").reason())
                .as("inside its own window of 2 minutes")
                .isEqualTo(NodeLifecycleController.UNREACHABLE);
        pass(Duration.ofSeconds(2));
        Condition lost = ready("gw-1");
        assertThat(lost.reason()).isEqualTo(NodeLifecycleController.LOST);
        assertThat(lost.message()).contains("longer than its autonomy window (PT2M)");
        assertThat(lost.lastTransitionTime())
                .as("False since it became unreachable")
                .isBefore(t0.plus(LEASE).plusSeconds(2));

        pass(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(store.typed().get(Node.class, null, "gw-1"))
                .as("removed after the retention")
                .isEmpty();
        assertThat(store.typed().get(Lease.class, null, "gw-1")).isEmpty();
        assertThat(events())
                .extracting(e -> e.spec().reason())
                .containsExactlyInAnyOrder("NodeUnreachable", "NodeLost", "NodeRemoved");
    }

    @Test
    void aNodeWithoutAWindowOfItsOwnTakesItsTiersDefault() {
        options = options.withAutonomy(Map.of(Tier.CLOUD, Duration.ZERO, Tier.GATEWAY, Duration.ofHours(1)));
        store.create(Resources.node("cloud-1", Tier.CLOUD, "2", "4Gi"));
        store.create(Resources.lease("cloud-1", t0, LEASE));
        registered("gw-1", t0);
        startController();

        pass(LEASE.plusSeconds(1));
        assertThat(ready("cloud-1").reason())
                .as("cloud: lost as soon as unreachable")
                .isEqualTo("NodeLost");
        assertThat(ready("gw-1").reason()).isEqualTo("NodeUnreachable");
    }

    @Test
    void aStoreOutageIsNotHeldAgainstAnyNode() {
        FlakyStore flaky = new FlakyStore(store.raw());
        controllerStore = new ResourceStore(flaky, time, () -> "unused");
        registered("gw-1", t0);
        startController();

        pass(Duration.ofSeconds(30));
        flaky.failing(true);
        pass(Duration.ofSeconds(20));
        flaky.failing(false);
        pass(Duration.ofSeconds(1));
        assertThat(node("gw-1").isReady())
                .as("50 s without a renewal seen, but the store failed for 20 of them")
                .isTrue();
        pass(LEASE.minusSeconds(2));
        assertThat(node("gw-1").isReady())
                .as("a full grace after the store answers again")
                .isTrue();
        pass(Duration.ofSeconds(8));
        assertThat(ready("gw-1").reason())
                .as("the answer is seen within a check interval (5 s), then a grace")
                .isEqualTo(NodeLifecycleController.UNREACHABLE);
    }

    @Test
    void keepsANodeReadyWhileItRenewsItsLease() {
        registered("gw-1", t0);
        startController();
        for (int i = 0; i < 12; i++) {
            pass(Duration.ofSeconds(10));
            renew("gw-1");
        }
        assertThat(node("gw-1").isReady()).isTrue();
        assertThat(events()).isEmpty();

        pass(LEASE.plusSeconds(1));
        assertThat(node("gw-1").isReady()).isFalse();
    }

    @Test
    void waitsAFullGraceAfterARestartBeforeJudging() {
        registered("gw-1", t0.minus(Duration.ofMinutes(10))); // expired while the control plane was down
        startController();

        pass(LEASE.minusSeconds(1));
        assertThat(node("gw-1").isReady())
                .as("a control-plane restart is not node loss")
                .isTrue();
        pass(Duration.ofSeconds(2));
        assertThat(node("gw-1").isReady())
                .as("nobody renewed it in a full duration")
                .isFalse();
    }

    @Test
    void neverMarksANodeWhoseAgentRenewsSoonAfterARestart() {
        registered("gw-1", t0.minus(Duration.ofMinutes(10)));
        startController();
        pass(Duration.ofSeconds(20));
        renew("gw-1");
        pass(Duration.ofSeconds(40));
        assertThat(node("gw-1").isReady()).isTrue();
        assertThat(events()).isEmpty();
    }

    @Test
    void leavesTheWayBackToReadyToTheNodesAgent() {
        registered("gw-1", t0);
        startController();
        pass(LEASE.plusSeconds(1));
        assertThat(node("gw-1").isReady()).isFalse();

        renew("gw-1");
        Node n = node("gw-1");
        store.typed()
                .updateStatus(n.withStatus(
                        n.status().withCondition(Condition.of(Node.READY, true, "AgentReady", "back", time.instant()))))
                .orThrow();
        pass(Duration.ofSeconds(30));
        assertThat(ready("gw-1").reason()).isEqualTo("AgentReady");
        assertThat(events()).hasSize(1);
    }

    @Test
    void leavesANotReadyTheAgentReportsAloneWhileItRenews() {
        registered("gw-1", t0);
        Node n = node("gw-1");
        store.typed()
                .updateStatus(n.withStatus(
                        n.status().withCondition(Condition.of(Node.READY, false, "RuntimeDown", "wasm failed", t0))))
                .orThrow();
        startController();
        for (int i = 0; i < 4; i++) {
            pass(Duration.ofSeconds(20));
            renew("gw-1");
        }
        assertThat(ready("gw-1").reason()).isEqualTo("RuntimeDown");
        assertThat(events()).isEmpty();
    }

    @Test
    void marksANodeThatNeverTookALeaseAfterTheDefaultDuration() {
        store.create(Resources.node("gw-1", Tier.GATEWAY, "2", "4Gi"));
        startController();
        pass(Duration.ofSeconds(30));
        assertThat(node("gw-1").isReady()).isTrue();
        pass(Duration.ofSeconds(1));
        assertThat(ready("gw-1").status()).isEqualTo("False");
        assertThat(ready("gw-1").message())
                .contains("no lease renewal seen since " + t0)
                .contains("grace PT30S");
    }
}
