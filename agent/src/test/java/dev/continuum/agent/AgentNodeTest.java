package dev.continuum.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.model.Lease;
import dev.continuum.model.Location;
import dev.continuum.model.Node;
import dev.continuum.model.NodeAddress;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Taint;
import dev.continuum.model.TaintEffect;
import dev.continuum.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentNodeTest {

    @TempDir
    Path dir;

    private TestControlPlane controlPlane;
    private TestAgents agents;

    @BeforeEach
    void setUp() {
        controlPlane = new TestControlPlane(dir.resolve("cp"));
        agents = new TestAgents(controlPlane, dir);
    }

    @AfterEach
    void tearDown() {
        agents.close();
        controlPlane.close();
    }

    private Node node(String name) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> controlPlane.client().get(Node.class, null, name).orElse(null),
                        n -> n != null && n.isReady());
    }

    @Test
    void registersItsNodeWithDiscoveredFacts() {
        Agent agent = agents.start("n1");

        Node node = node("n1");

        assertThat(node.status().platform().os()).isNotBlank();
        assertThat(node.status().platform().arch()).isNotBlank();
        assertThat(node.status().platform().jvm()).contains(Runtime.version().toString());
        assertThat(node.status().platform().agentVersion()).isNotBlank();
        assertThat(node.status().capacity().cpuMilli())
                .isEqualTo(Runtime.getRuntime().availableProcessors() * 1000L);
        assertThat(node.status().capacity().memoryBytes()).isPositive();
        assertThat(node.status().allocatable().memoryBytes())
                .isPositive()
                .isLessThanOrEqualTo(node.status().capacity().memoryBytes());
        assertThat(node.status().runtimes()).containsExactly("wasm");
        assertThat(node.status().addresses())
                .containsExactly(new NodeAddress(NodeAddress.GATEWAY, "http://127.0.0.1:" + agent.gatewayPort()));
        assertThat(node.readyCondition().orElseThrow().lastHeartbeatTime()).isNotNull();
    }

    @Test
    void declaredFactsWinOverDiscoveredOnes() {
        agents.start(agents.options("n1")
                .arch("riscv64")
                .os("linux")
                .tier(Tier.GATEWAY)
                .parent("edge-1")
                .region("eu-west")
                .zone("eu-west-1a")
                .coordinates(48.1, 11.6)
                .label("site", "plant-3"));

        Node node = node("n1");

        assertThat(node.status().platform().arch()).isEqualTo("riscv64");
        assertThat(node.status().platform().os()).isEqualTo("linux");
        assertThat(node.spec().tier()).isEqualTo(Tier.GATEWAY);
        assertThat(node.spec().parent()).isEqualTo("edge-1");
        assertThat(node.spec().location()).isEqualTo(new Location("eu-west", "eu-west-1a", null, 48.1, 11.6));
        assertThat(node.metadata().labels()).containsEntry("site", "plant-3");
    }

    @Test
    void keepsWhatUsersSetOnAnExistingNodeAndMergesLabels() {
        var taint = new Taint("dedicated", "ops", TaintEffect.NO_SCHEDULE);
        controlPlane
                .client()
                .create(Node.of(
                        ObjectMeta.named("n1").withLabels(Map.of("owner", "ops", "site", "old")),
                        NodeSpec.EMPTY.withTaints(List.of(taint)).withTier(Tier.CLOUD),
                        null));

        agents.start(agents.options("n1").label("site", "plant-3"));

        Node node = node("n1");
        assertThat(node.spec().taints()).containsExactly(taint);
        assertThat(node.spec().tier()).isEqualTo(Tier.CLOUD);
        assertThat(node.metadata().labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("owner", "ops", "site", "plant-3"));
    }

    @Test
    void renewsItsLease() {
        agents.start("n1");

        Lease first = await().atMost(Duration.ofSeconds(30))
                .until(() -> controlPlane.client().get(Lease.class, null, "n1").orElse(null), l -> l != null);
        assertThat(first.spec().holder()).isEqualTo("n1");
        assertThat(first.spec().duration()).isEqualTo(Duration.ofSeconds(2));
        Instant renewed = first.spec().renewTime();

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> controlPlane
                                .client()
                                .get(Lease.class, null, "n1")
                                .orElseThrow()
                                .spec()
                                .renewTime(),
                        t -> t.isAfter(renewed));
        Lease later = controlPlane.client().get(Lease.class, null, "n1").orElseThrow();
        assertThat(later.spec().acquireTime()).isEqualTo(first.spec().acquireTime());
        assertThat(later.spec().expiredAt(later.spec().renewTime())).isFalse();
    }

    @Test
    void reassertsReadyAfterTheControlPlaneWasAwayAndMarkedItNotReady() {
        Agent agent = agents.start("n1");
        Node ready = node("n1");

        controlPlane.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !agent.connected());
        var notReady = ready.status()
                .withCondition(new dev.continuum.model.Condition(
                        Node.READY, "False", "LeaseExpired", "lease expired", Instant.now(), Instant.now()));
        controlPlane
                .store()
                .updateStatus(
                        ready.withStatus(notReady).withMetadata(ready.metadata().withResourceVersion(0)));
        controlPlane.start();

        Node again = node("n1");
        assertThat(again.readyCondition().orElseThrow().reason()).isEqualTo("AgentReady");
    }

    @Test
    void registersItsNodeAgainWhenItWasDeleted() {
        agents.start("n1");
        node("n1");

        String uid = controlPlane
                .client()
                .get(Node.class, null, "n1")
                .orElseThrow()
                .metadata()
                .uid();

        controlPlane.client().delete(Node.class, null, "n1");

        assertThat(node("n1").metadata().uid()).isNotEqualTo(uid);
    }
}
