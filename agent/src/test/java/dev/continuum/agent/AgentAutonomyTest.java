package dev.continuum.agent;

import static dev.continuum.agent.TestInstances.NAMESPACE;
import static dev.continuum.agent.TestInstances.awaitStatus;
import static dev.continuum.agent.TestInstances.bind;
import static dev.continuum.agent.TestInstances.component;
import static dev.continuum.agent.TestInstances.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.sync.InstanceSync;
import dev.continuum.agent.sync.StaleDesiredStateException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.DisconnectPolicy;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.ObjectMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on its own: its local store brings its Instances back with no control plane, it never
 * takes older desired state, it stops what must not run cut off and claims it back, and it obeys
 * fences.
 */
class AgentAutonomyTest {

    @TempDir
    Path dir;

    private TestControlPlane controlPlane;
    private TestAgents agents;
    private ContinuumClient client;

    @BeforeEach
    void setUp() {
        controlPlane = new TestControlPlane(dir.resolve("cp"));
        agents = new TestAgents(controlPlane, dir);
        client = controlPlane.client();
    }

    @AfterEach
    void tearDown() {
        agents.close();
        controlPlane.close();
    }

    private String logs(Agent agent, String instance) throws Exception {
        return get("http://127.0.0.1:" + agent.gatewayPort() + "/logs/" + NAMESPACE + "/" + instance)
                .body();
    }

    private static Component withPolicy(Component c, DisconnectPolicy policy) {
        return new Component(
                c.name(),
                c.type(),
                c.module(),
                c.digest(),
                c.image(),
                c.replicas(),
                c.scaling(),
                c.triggers(),
                c.resources(),
                c.placement(),
                c.capabilities(),
                c.args(),
                c.env(),
                c.migration(),
                policy,
                c.priority(),
                c.profile());
    }

    @Test
    void runsItsInstancesAgainFromTheLocalStoreAloneAfterARestartWithNoControlPlane() throws Exception {
        Agent agent = agents.start("n1");
        Path module = dir.resolve("sleeper.wasm");
        bind(
                client,
                "svc-1",
                "app",
                component("svc", ComponentType.SERVICE, Fixtures.fileUrl(dir, "sleeper.wasm")),
                "n1");
        awaitStatus(client, "svc-1", s -> s.phase() == InstancePhase.RUNNING);

        controlPlane.stop();
        agent.close();
        Files.delete(module);
        Agent restarted = agents.start(agents.options("n1").bootstrapToken(null));

        assertThat(restarted.connected()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.running().contains("default/svc-1"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> logs(restarted, "svc-1")
                                .lines()
                                .filter(l -> l.contains("stdout sleeper: up"))
                                .count()
                        == 2);
        assertThat(logs(restarted, "svc-1")).contains("from the node's cache");
    }

    @Test
    void refusesDesiredStateOlderThanWhatItAppliedAndStopsNothing() throws Exception {
        agents.start("n1").close(); // joined: the backup knows its credential
        controlPlane.stop();
        controlPlane.backup(dir.resolve("backup"));
        controlPlane.start();
        Agent agent = agents.start(agents.options("n1"));
        bind(
                client,
                "svc-1",
                "app",
                component("svc", ComponentType.SERVICE, Fixtures.fileUrl(dir, "sleeper.wasm")),
                "n1");
        awaitStatus(client, "svc-1", s -> s.phase() == InstancePhase.RUNNING);
        for (int i = 0; i < 50; i++) {
            bind(client, "filler-" + i, "app", component("f", ComponentType.JOB, "file:/nowhere.wasm"), "other");
        }
        Instance later = client.get(Instance.class, NAMESPACE, "svc-1").orElseThrow();
        client.update(later.withMetadata(later.metadata().withLabel("touched", "yes")));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.running().contains("default/svc-1"));

        controlPlane.stop();
        controlPlane.restore(dir.resolve("backup"));
        controlPlane.start();

        // Up to the client's watch idle timeout (30 s) when its reconnection met the stopping server.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.list(Event.class, NAMESPACE).items().stream()
                        .anyMatch(e -> e.spec().reason().equals(StaleDesiredStateException.REASON)));
        assertThat(client.get(Instance.class, NAMESPACE, "svc-1"))
                .as("the restored store has never heard of svc-1")
                .isEmpty();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> agent.running().contains("default/svc-1"));
    }

    @Test
    void stopsACopyCutOffLongerThanStopOnNodeAfterAndRunsItAgainOnceTheControlPlaneConfirmsIt() throws Exception {
        Agent agent = agents.start("n1");
        Component c = withPolicy(
                component("single", ComponentType.SERVICE, Fixtures.fileUrl(dir, "sleeper.wasm")),
                new DisconnectPolicy(null, null, null, Duration.ofSeconds(2), true));
        bind(client, "single-1", "app", c, "n1");
        awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.RUNNING);

        controlPlane.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !agent.running().contains("default/single-1"));
        assertThat(logs(agent, "single-1")).contains("stopping: cut off from the control plane for");
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !agent.running().contains("default/single-1"));

        controlPlane.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.running().contains("default/single-1"));
        assertThat(logs(agent, "single-1"))
                .contains("back in touch with the control plane, which still assigns it here: starting");
        awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.RUNNING);
    }

    @Test
    void aCutOffCopyTheControlPlaneFencedMeanwhileStaysStopped() throws Exception {
        Agent agent = agents.start("n1");
        Component c = withPolicy(
                component("single", ComponentType.SERVICE, Fixtures.fileUrl(dir, "sleeper.wasm")),
                new DisconnectPolicy(null, null, null, Duration.ofSeconds(2), true));
        bind(client, "single-1", "app", c, "n1");
        awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.RUNNING);

        controlPlane.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !agent.running().contains("default/single-1"));
        Instance stored =
                controlPlane.store().get(Instance.class, NAMESPACE, "single-1").orElseThrow();
        controlPlane.store().update(fenced(stored)).orThrow();
        controlPlane.start();

        awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.STOPPED);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> !agent.running().contains("default/single-1"));
    }

    @Test
    void stopsAFencedCopyAndNeverRunsThatEpochOfItsLineageAgain() throws Exception {
        Agent agent = agents.start("n1");
        Component c = withPolicy(
                component("single", ComponentType.SERVICE, Fixtures.fileUrl(dir, "sleeper.wasm")),
                new DisconnectPolicy(null, null, null, Duration.ofSeconds(30), true));
        Instance bound = bind(client, "single-1", "app", c, "n1");
        awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.RUNNING);

        client.update(fenced(client.get(Instance.class, NAMESPACE, "single-1").orElseThrow()));
        var stopped = awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.STOPPED);
        assertThat(stopped.reason()).isEqualTo(InstanceSync.FENCED);
        assertThat(agent.running()).doesNotContain("default/single-1");

        Instance unfenced = client.get(Instance.class, NAMESPACE, "single-1").orElseThrow();
        Map<String, String> annotations = new HashMap<>(unfenced.metadata().annotations());
        annotations.remove(Disconnection.FENCED);
        client.update(unfenced.withMetadata(unfenced.metadata().withAnnotations(annotations)));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> !agent.running().contains("default/single-1"));

        Instance next = client.get(Instance.class, NAMESPACE, "single-1").orElseThrow();
        client.update(next.withSpec(next.spec().withEpoch(bound.spec().epoch() + 1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.running().contains("default/single-1"));
        awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.RUNNING && s.observedEpoch() == 2);
    }

    @Test
    void aNewerEpochOfAnAtMostOneLineageStopsTheOlderCopyOnThisNode() throws Exception {
        Agent agent = agents.start("n1");
        Component c = withPolicy(
                component("single", ComponentType.SERVICE, Fixtures.fileUrl(dir, "sleeper.wasm")),
                new DisconnectPolicy(null, null, null, Duration.ofSeconds(30), true));
        bind(client, "single-1", "app", c, "n1");
        awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.RUNNING);

        Instance replacement = Instance.of(
                ObjectMeta.named(NAMESPACE, "single-2")
                        .withAnnotations(Map.of(Disconnection.REPLACES, "single-1", Disconnection.LINEAGE, "single-1")),
                new InstanceSpec("app", "single", c, "n1", 2));
        client.create(replacement);

        var superseded = awaitStatus(client, "single-1", s -> s.phase() == InstancePhase.STOPPED);
        assertThat(superseded.reason()).isEqualTo(InstanceSync.FENCED);
        assertThat(superseded.message()).isEqualTo("superseded by epoch 2 of single-1");
        awaitStatus(client, "single-2", s -> s.phase() == InstancePhase.RUNNING);
        assertThat(agent.running()).containsExactly("default/single-2");
    }

    @Test
    void aCorruptLocalStoreIsReportedAndTheAgentStartsWithAnEmptyOne() throws Exception {
        agents.start("n1").close();
        Path store = dir.resolve("n1").resolve("local").resolve("agent.db");
        Files.write(store, new byte[8192]);
        Files.deleteIfExists(store.resolveSibling("agent.db-wal"));
        Files.deleteIfExists(store.resolveSibling("agent.db-shm"));

        Agent agent = agents.start(agents.options("n1"));

        await().atMost(Duration.ofSeconds(20)).until(agent::connected);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.list(Event.class, NAMESPACE).items().stream()
                        .anyMatch(e -> e.spec().reason().equals(Agent.LOCAL_STORE_RECOVERED)
                                && e.spec().message().contains("was moved to")));
        try (var files = Files.list(store.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("agent.db.corrupt-"));
        }
    }

    private static Instance fenced(Instance i) {
        Map<String, String> annotations = new HashMap<>(i.metadata().annotations());
        annotations.put(Disconnection.FENCED, "test");
        return i.withMetadata(i.metadata().withAnnotations(annotations));
    }
}
