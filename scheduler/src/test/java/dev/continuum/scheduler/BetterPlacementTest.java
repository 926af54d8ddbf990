package dev.continuum.scheduler;

import static dev.continuum.model.Tier.GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class BetterPlacementTest {

    private final Scheduler scheduler = Scheduler.withDefaultProfiles();

    private static ClusterState cluster(Node... nodes) {
        return ClusterState.of(List.of(nodes), List.of());
    }

    @Test
    void aNodeThatStopsFittingIsReportedWithABetterPlace() {
        ClusterState state = cluster(
                MakeNode.named("phone").tier(GATEWAY).battery(80).obj(),
                MakeNode.named("box").tier(GATEWAY).obj());
        Instance running = MakeInstance.named("i")
                .minBatteryPercent(30)
                .cpu("1")
                .node("phone")
                .obj();
        state.upsertInstance(running);
        state.upsertNode(MakeNode.named("phone").tier(GATEWAY).battery(20).obj());

        BetterPlacement better = scheduler
                .betterPlacement(PlacementRequest.of(running), state, 50)
                .orElseThrow();

        assertThat(better.node()).isEqualTo("box");
        assertThat(better.currentScore()).isZero();
        assertThat(better.reason()).startsWith("phone no longer fits: battery < 30%; box fits");
    }

    @Test
    void aBetterPlaceMustBeBetterByTheAskedMargin() {
        ClusterState state = cluster(
                MakeNode.named("phone").tier(GATEWAY).battery(40).obj(),
                MakeNode.named("box").tier(GATEWAY).obj());
        Instance running = MakeInstance.named("i").cpu("1").node("phone").obj();
        state.upsertInstance(running);

        assertThat(scheduler.betterPlacement(PlacementRequest.of(running), state, 1))
                .isPresent();
        assertThat(scheduler.betterPlacement(PlacementRequest.of(running), state, 60))
                .isEmpty();
    }

    @Test
    void aRunningInstanceIsNotCountedAgainstItselfWhenReEvaluated() {
        ClusterState state = cluster(MakeNode.named("only").cpu("1").obj());
        Instance running = MakeInstance.named("i").cpu("1").node("only").obj();
        state.upsertInstance(running);

        assertThat(scheduler.betterPlacement(PlacementRequest.of(running), state, 0))
                .isEmpty();
        assertThat(scheduler.explain(PlacementRequest.of(running), state).summary())
                .isEqualTo("1/1 nodes fit");
    }
}
