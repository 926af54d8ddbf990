package dev.continuum.controller.disconnect;

import static dev.continuum.controller.disconnect.DisconnectRig.component;
import static dev.continuum.controller.disconnect.DisconnectRig.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Component;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Lease;
import dev.continuum.model.Node;
import dev.continuum.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the copies of an unreachable node count as lost, and what holds that back. */
class DisconnectControllerTest {

    private static final Duration LEASE = DisconnectRig.LEASE;

    @TempDir
    Path dir;

    private DisconnectRig rig;

    @BeforeEach
    void open() {
        rig = new DisconnectRig(dir);
    }

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void keepsTheCopiesOfAnUnreachableNodeInsideItsAutonomyWindow() {
        rig.node("gw-1", Tier.GATEWAY, Duration.ofSeconds(60));
        rig.running("web-1", component("web", null), "gw-1");
        rig.start();

        rig.pass(LEASE.plusSeconds(1));
        assertThat(rig.readiness("gw-1")).isEqualTo("NodeUnreachable");
        rig.pass(Duration.ofSeconds(58));
        assertThat(rig.lost("web-1")).as("inside the 60 s window").isFalse();
        rig.pass(Duration.ofSeconds(2));
        assertThat(rig.lost("web-1")).isTrue();
        assertThat(Disconnection.fenced(rig.get("web-1")))
                .as("not at-most-one: not fenced")
                .isFalse();
        assertThat(rig.events(DisconnectController.INSTANCE_LOST))
                .singleElement()
                .asString()
                .contains("node gw-1 has been unreachable since")
                .contains("autonomy window PT1M")
                .contains("a replacement starts elsewhere");
    }

    @Test
    void aComponentsLostAfterLongerThanTheNodesWindowWins() {
        rig.node("cloud-1", Tier.CLOUD, Duration.ZERO);
        rig.running("web-1", component("web", policy(Duration.ofSeconds(30), null, null, null, null)), "cloud-1");
        rig.start();

        rig.pass(LEASE.plusSeconds(29));
        assertThat(rig.lost("web-1")).isFalse();
        rig.pass(Duration.ofSeconds(2));
        assertThat(rig.lost("web-1")).isTrue();
    }

    @Test
    void aComponentThatSaysReplaceFalseIsNeverDeclaredLost() {
        rig.node("cloud-1", Tier.CLOUD, Duration.ZERO);
        rig.running("db-1", component("db", policy(null, false, null, null, null)), "cloud-1");
        rig.start();

        rig.pass(Duration.ofMinutes(3));
        assertThat(rig.readiness("cloud-1")).isEqualTo("NodeLost");
        assertThat(rig.lost("db-1")).isFalse();
    }

    @Test
    void anAtMostOneCopyIsFencedOnlyAfterItsStopOnNodeAfterAndTheFencingMargin() {
        rig.node("cloud-1", Tier.CLOUD, Duration.ZERO);
        Component single = component("single", policy(null, null, null, Duration.ofSeconds(20), true));
        rig.running("single-1", single, "cloud-1");
        rig.start();

        rig.pass(LEASE.plusSeconds(1).plusSeconds(20));
        assertThat(rig.lost("single-1")).as("20 s stop + 2 s margin not over").isFalse();
        rig.pass(Duration.ofSeconds(2));
        assertThat(rig.lost("single-1")).isTrue();
        assertThat(rig.get("single-1").metadata().annotations().get(Disconnection.FENCED))
                .startsWith("lost: node cloud-1 has been unreachable since");
        assertThat(rig.events(DisconnectController.INSTANCE_LOST))
                .singleElement()
                .asString()
                .contains("fenced (at most one copy runs)");
    }

    @Test
    void anAtMostOneCopyThatNeverStopsItselfIsNeverReplacedWhileItsNodeIsAway() {
        rig.node("cloud-1", Tier.CLOUD, Duration.ZERO);
        rig.running("single-1", component("single", policy(null, null, null, null, true)), "cloud-1");
        rig.start();

        rig.pass(Duration.ofMinutes(2));
        assertThat(rig.lost("single-1")).isFalse();
    }

    @Test
    void aRenewalTheWatchHasNotDeliveredYetSavesTheCopies() {
        rig.withoutLeaseWatch();
        rig.node("cloud-1", Tier.CLOUD, Duration.ZERO);
        rig.running("web-1", component("web", null), "cloud-1");
        rig.start();

        for (int i = 0; i < 12; i++) {
            rig.pass(Duration.ofSeconds(10));
            rig.renew("cloud-1");
        }
        assertThat(rig.lost("web-1"))
                .as("renewed in the store every 10 s, though no watch showed it")
                .isFalse();
        assertThat(rig.readiness("cloud-1")).isEqualTo("Ready");

        rig.pass(Duration.ofSeconds(45));
        assertThat(rig.lost("web-1"))
                .as("no renewal since, in the store either")
                .isTrue();
    }

    @Test
    void replacesNothingWhileMostOfTheFleetIsUnreachableAtOnce() {
        rig.node("a", Tier.CLOUD, Duration.ZERO);
        rig.node("b", Tier.CLOUD, Duration.ZERO);
        rig.node("c", Tier.CLOUD, Duration.ZERO);
        rig.running("web-a", component("web", null), "a");
        rig.running("web-b", component("web", null), "b");
        rig.start();

        for (int i = 0; i < 6; i++) {
            rig.pass(Duration.ofSeconds(5));
            rig.renew("c");
        }
        assertThat(rig.readiness("a")).isEqualTo("NodeLost");
        assertThat(rig.lost("web-a")).as("2 of 3 nodes unreachable: paused").isFalse();
        assertThat(rig.lost("web-b")).isFalse();
        assertThat(rig.events(DisconnectController.REPLACEMENT_HELD))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m).contains("2 of 3 nodes are unreachable at once"));

        rig.renew("b");
        rig.reportReady("b");
        rig.pass(Duration.ofSeconds(2));
        rig.renew("b");
        rig.renew("c");
        assertThat(rig.lost("web-a")).as("1 of 3: replacements resume").isTrue();
        assertThat(rig.lost("web-b")).isFalse();
    }

    @Test
    void replacementsAreRateLimitedNodeByNode() {
        rig.options(rig.options().withEvictionRate(0.1, 1));
        for (String n : new String[] {"a", "b", "c", "d", "e"}) {
            rig.node(n, Tier.CLOUD, Duration.ZERO);
        }
        rig.running("web-a", component("web", null), "a");
        rig.running("web-b", component("web", null), "b");
        rig.running("web-a2", component("web", null), "a");
        rig.start();

        for (int i = 0; i < 3; i++) {
            rig.pass(Duration.ofSeconds(4));
            for (String n : new String[] {"c", "d", "e"}) {
                rig.renew(n);
            }
        }
        assertThat(rig.lost("web-a") && rig.lost("web-a2") || rig.lost("web-b"))
                .as("the first node's copies go at once, all of them")
                .isTrue();
        assertThat(rig.lost("web-a") && rig.lost("web-b"))
                .as("not the second node yet")
                .isFalse();
        for (int i = 0; i < 3; i++) {
            rig.pass(Duration.ofSeconds(4));
            for (String n : new String[] {"c", "d", "e"}) {
                rig.renew(n);
            }
        }
        assertThat(rig.lost("web-a") && rig.lost("web-a2") && rig.lost("web-b"))
                .as("one node every 10 s")
                .isTrue();
    }

    @Test
    void theCopiesOfANodeThatNoLongerExistsAreDeleted() {
        rig.node("cloud-1", Tier.CLOUD, Duration.ZERO);
        rig.running("web-1", component("web", policy(Duration.ofSeconds(20), null, null, null, null)), "cloud-1");
        rig.start();
        rig.store.typed().delete(Node.class, null, "cloud-1", 0).orThrow();
        rig.store.typed().delete(Lease.class, null, "cloud-1", 0).orThrow();

        rig.pass(Duration.ofSeconds(45));
        assertThat(rig.exists("web-1"))
                .as("without its lease the default grace (30 s) counts, then its lostAfter (20 s)")
                .isTrue();
        rig.pass(Duration.ofSeconds(6));
        assertThat(rig.exists("web-1")).isFalse();
        assertThat(rig.events(DisconnectController.NODE_GONE))
                .singleElement()
                .asString()
                .contains("its node cloud-1 no longer exists");
    }
}
