package dev.continuum.scheduler.preemption;

import static dev.continuum.model.Tier.CLOUD;
import static dev.continuum.model.Tier.GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Node;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Decision;
import dev.continuum.scheduler.Decision.Outcome;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.Scheduler;
import dev.continuum.scheduler.Victim;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultPreemptionTest {

    private final Scheduler scheduler = Scheduler.withDefaultProfiles();

    private static ClusterState cluster(Node... nodes) {
        return ClusterState.of(List.of(nodes), List.of());
    }

    @Test
    void aHigherPriorityInstancePreemptsWhereTheFewestLowerOnesMustGo() {
        ClusterState state = cluster(
                MakeNode.named("a").cpu("2").obj(), MakeNode.named("b").cpu("2").obj());
        state.upsertInstance(
                MakeInstance.named("a1").cpu("1").priority(1).node("a").obj());
        state.upsertInstance(
                MakeInstance.named("a2").cpu("1").priority(1).node("a").obj());
        state.upsertInstance(
                MakeInstance.named("b1").cpu("2").priority(1).node("b").obj());

        Decision d = scheduler.schedule(
                PlacementRequest.of(
                        MakeInstance.named("vip").cpu("2").priority(10).obj()),
                state);

        assertThat(d.outcome()).isEqualTo(Outcome.PREEMPT);
        assertThat(d.node()).contains("b");
        assertThat(d.victims()).extracting(Victim::name).containsExactly("b1");
        assertThat(d.summary()).endsWith("; preempting 1 lower-priority instance on b");
    }

    @Test
    void preemptionPrefersEvictingTheLowestPriorities() {
        ClusterState state = cluster(
                MakeNode.named("a").cpu("1").obj(), MakeNode.named("b").cpu("1").obj());
        state.upsertInstance(
                MakeInstance.named("a1").cpu("1").priority(5).node("a").obj());
        state.upsertInstance(
                MakeInstance.named("b1").cpu("1").priority(2).node("b").obj());

        Decision d = scheduler.schedule(
                PlacementRequest.of(
                        MakeInstance.named("vip").cpu("1").priority(10).obj()),
                state);

        assertThat(d.victims()).extracting(Victim::name).containsExactly("b1");
    }

    @Test
    void preemptionKeepsWhatItNeedNotEvict() {
        ClusterState state = cluster(MakeNode.named("a").cpu("4").obj());
        state.upsertInstance(
                MakeInstance.named("big").cpu("2").priority(1).node("a").obj());
        state.upsertInstance(
                MakeInstance.named("small").cpu("1").priority(1).node("a").obj());
        state.upsertInstance(
                MakeInstance.named("tiny").cpu("1").priority(0).node("a").obj());

        Decision d = scheduler.schedule(
                PlacementRequest.of(
                        MakeInstance.named("vip").cpu("1").priority(10).obj()),
                state);

        assertThat(d.victims()).extracting(Victim::name).containsExactly("tiny");
    }

    @Test
    void equalOrHigherPrioritiesAreNeverEvicted() {
        ClusterState state = cluster(MakeNode.named("a").cpu("1").obj());
        state.upsertInstance(
                MakeInstance.named("peer").cpu("1").priority(10).node("a").obj());

        Decision d = scheduler.schedule(
                PlacementRequest.of(
                        MakeInstance.named("vip").cpu("1").priority(10).obj()),
                state);

        assertThat(d.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
        assertThat(d.victims()).isEmpty();
    }

    @Test
    void preemptionCannotFixAWrongTier() {
        ClusterState state =
                cluster(MakeNode.named("cloud").tier(CLOUD).cpu("1").obj());
        state.upsertInstance(MakeInstance.named("low").cpu("1").node("cloud").obj());

        Decision d = scheduler.schedule(
                PlacementRequest.of(MakeInstance.named("vip")
                        .tiers(GATEWAY)
                        .cpu("1")
                        .priority(10)
                        .obj()),
                state);

        assertThat(d.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
    }
}
