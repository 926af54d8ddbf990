package dev.continuum.controller.disconnect;

import static dev.continuum.controller.disconnect.DisconnectRig.component;
import static dev.continuum.controller.disconnect.DisconnectRig.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Condition;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.model.Placement;
import dev.continuum.model.ReconcileStrategy;
import dev.continuum.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which copy survives when a node whose copies were replaced comes back. */
class ReturnReconcilerTest {

    @TempDir
    Path dir;

    private DisconnectRig rig;

    @BeforeEach
    void open() {
        rig = new DisconnectRig(dir);
        rig.node("gw-1", Tier.GATEWAY, Duration.ofHours(1));
        rig.node("cloud-1", Tier.CLOUD, Duration.ZERO);
    }

    @AfterEach
    void close() {
        rig.close();
    }

    /** The original on gw-1, declared lost (and fenced when at-most-one), and its replacement Running on cloud-1. */
    private void lostAndReplaced(Component c) {
        Map<String, String> lost = Disconnection.atMostOne(c)
                ? Map.of(Disconnection.LOST, rig.now().toString(), Disconnection.FENCED, "lost")
                : Map.of(Disconnection.LOST, rig.now().toString());
        rig.running("orig", c, "gw-1", 1, lost);
        rig.running("repl", c, "cloud-1", 2, Map.of(Disconnection.REPLACES, "orig", Disconnection.LINEAGE, "orig"));
    }

    /** gw-1's agent is back: renews its lease, then reports Ready. */
    private void returns() {
        rig.renew("gw-1");
        rig.reportReady("gw-1");
        rig.renew("cloud-1");
    }

    @Test
    void keepOriginalUnmarksTheOriginalAtItsEpochAndDeletesTheReplacement() {
        lostAndReplaced(component("web", policy(null, null, ReconcileStrategy.KEEP_ORIGINAL, null, null)));
        rig.start();

        returns();

        assertThat(rig.exists("repl")).isFalse();
        Instance orig = rig.get("orig");
        assertThat(Disconnection.lost(orig)).isFalse();
        assertThat(orig.spec().epoch())
                .as("the same epoch: its running copy is left alone")
                .isEqualTo(1);
        assertThat(rig.events(ReturnReconciler.RECONCILED))
                .singleElement()
                .asString()
                .contains("reconcile keepOriginal keeps the original default/orig");
    }

    @Test
    void keepReplacementDeletesTheOriginal() {
        lostAndReplaced(component("web", policy(null, null, ReconcileStrategy.KEEP_REPLACEMENT, null, null)));
        rig.start();

        returns();

        assertThat(rig.exists("orig")).isFalse();
        assertThat(rig.exists("repl")).isTrue();
    }

    @Test
    void bestScoreKeepsTheCopyOnTheNodeTheSchedulerPrefersNow() {
        Component prefersCloud = withPreferredTier(
                component("web", policy(null, null, ReconcileStrategy.BEST_SCORE, null, null)), Tier.CLOUD);
        lostAndReplaced(prefersCloud);
        rig.start();

        returns();

        assertThat(rig.exists("orig"))
                .as("cloud-1 scores better for a component that prefers cloud")
                .isFalse();
        assertThat(rig.exists("repl")).isTrue();
    }

    @Test
    void bestScoreKeepsTheOriginalWhenItsNodeScoresAtLeastAsWell() {
        Component prefersGateway = withPreferredTier(component("web", null), Tier.GATEWAY);
        lostAndReplaced(prefersGateway);
        rig.start();

        returns();

        assertThat(rig.exists("repl")).isFalse();
        assertThat(Disconnection.lost(rig.get("orig"))).isFalse();
    }

    @Test
    void anAtMostOneOriginalRunsAgainOnlyAfterItsReplacementReportedItStopped() {
        lostAndReplaced(
                component("single", policy(null, null, ReconcileStrategy.KEEP_ORIGINAL, Duration.ofSeconds(20), true)));
        rig.start();

        returns();
        assertThat(Disconnection.fenced(rig.get("repl")))
                .as("the replacement is told to stop")
                .isTrue();
        assertThat(Disconnection.lost(rig.get("orig"))).as("the original waits").isTrue();
        rig.pass(Duration.ofSeconds(3));
        rig.renew("gw-1");
        rig.renew("cloud-1");
        assertThat(Disconnection.lost(rig.get("orig")))
                .as("still waiting: no Stopped report")
                .isTrue();

        rig.reportStopped("repl");

        assertThat(rig.exists("repl")).isFalse();
        Instance orig = rig.get("orig");
        assertThat(Disconnection.lost(orig) || Disconnection.fenced(orig)).isFalse();
        assertThat(orig.spec().epoch())
                .as("after the replacement's epoch 2: its agent runs it anew")
                .isEqualTo(3);
    }

    @Test
    void anOriginalWithoutAReplacementIsKeptAndAFencedOneGetsANewEpoch() {
        rig.running(
                "plain",
                component("web", null),
                "gw-1",
                1,
                Map.of(Disconnection.LOST, rig.now().toString()));
        rig.running(
                "single",
                component("single", policy(null, null, null, Duration.ofSeconds(20), true)),
                "gw-1",
                4,
                Map.of(Disconnection.LOST, rig.now().toString(), Disconnection.FENCED, "lost"));
        rig.start();

        returns();

        assertThat(List.of(rig.get("plain"), rig.get("single"))).noneMatch(Disconnection::lost);
        assertThat(rig.get("plain").spec().epoch()).isEqualTo(1);
        assertThat(rig.get("single").spec().epoch()).isEqualTo(5);
        assertThat(Disconnection.fenced(rig.get("single"))).isFalse();
    }

    @Test
    void nothingIsDecidedBeforeTheReturningAgentSaysReady() {
        lostAndReplaced(component("web", policy(null, null, ReconcileStrategy.KEEP_REPLACEMENT, null, null)));
        Node gw = rig.store.typed().get(Node.class, null, "gw-1").orElseThrow();
        rig.store
                .typed()
                .updateStatus(gw.withStatus(gw.status()
                        .withCondition(Condition.of(Node.READY, false, "NodeUnreachable", "away", rig.now()))))
                .orThrow();
        rig.start();

        rig.renew("gw-1");
        rig.renew("cloud-1");
        rig.pass(Duration.ofSeconds(2));
        rig.renew("gw-1");
        assertThat(rig.exists("orig"))
                .as("its lease is renewed, but its agent has not reported Ready yet")
                .isTrue();
        rig.reportReady("gw-1");
        assertThat(rig.exists("orig")).isFalse();
    }

    private static Component withPreferredTier(Component c, Tier tier) {
        return new Component(
                c.name(),
                ComponentType.SERVICE,
                c.module(),
                null,
                null,
                1,
                null,
                null,
                null,
                new Placement(
                        null,
                        List.of(tier),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                null,
                null,
                null,
                null,
                c.disconnect(),
                null,
                null);
    }
}
