package dev.continuum.scheduler;

import static dev.continuum.model.Tier.CLOUD;
import static dev.continuum.model.Tier.GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Node;
import dev.continuum.scheduler.Decision.Outcome;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final Scheduler scheduler = Scheduler.withDefaultProfiles();

    private static ClusterState cluster(Node... nodes) {
        return ClusterState.of(List.of(nodes), List.of());
    }

    @Test
    void placesOnTheOnlyNodeThatFits() {
        ClusterState state = cluster(
                MakeNode.named("cloud-1").tier(CLOUD).obj(),
                MakeNode.named("gw-1").tier(GATEWAY).arch("arm64").obj());

        Decision d = scheduler.schedule(
                PlacementRequest.of(MakeInstance.named("i").tiers(GATEWAY).obj()), state);

        assertThat(d.placed()).isTrue();
        assertThat(d.node()).contains("gw-1");
        assertThat(d.rejections()).isEmpty();
        assertThat(d.summary()).startsWith("placed on gw-1");
    }

    @Test
    void summaryCountsEveryNodeUnderItsFirstRejectionMostCommonFirst() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(MakeNode.named("cloud-" + i).tier(CLOUD).obj());
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(MakeNode.named("small-" + i).tier(GATEWAY).cpu("1").obj());
        }
        nodes.add(MakeNode.named("down-0").tier(GATEWAY).notReady().obj());
        nodes.add(MakeNode.named("down-1").tier(CLOUD).notReady().obj());
        ClusterState state = ClusterState.of(nodes, List.of());

        Decision d = scheduler.schedule(
                PlacementRequest.of(
                        MakeInstance.named("i").tiers(GATEWAY).cpu("2").obj()),
                state);

        assertThat(d.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
        assertThat(d.node()).isEmpty();
        assertThat(d.summary()).isEqualTo("0/10 nodes fit: 5 wrong tier, 3 insufficient cpu, 2 not ready");
        assertThat(d.rejections()).extracting(r -> r.plugin()).contains("TierFit", "ResourcesFit", "NodeEligibility");
        assertThat(d.schedulingStatus(Instant.EPOCH).summary()).isEqualTo(d.summary());
    }

    @Test
    void summaryNamesTheLatencyTargetAndTheBatteryFloor() {
        ClusterState state = cluster(
                MakeNode.named("factory-gw").tier(GATEWAY).site("factory-3").obj(),
                MakeNode.named("far-gw")
                        .tier(GATEWAY)
                        .site("elsewhere")
                        .parent("cloud")
                        .link("cloud", 40.0, 100.0)
                        .obj(),
                MakeNode.named("near-phone")
                        .tier(GATEWAY)
                        .parent("factory-gw")
                        .link("factory-gw", 2.0, 50.0)
                        .battery(12)
                        .obj(),
                MakeNode.named("cloud").tier(CLOUD).obj());
        state.upsertNode(MakeNode.named("factory-gw")
                .tier(GATEWAY)
                .site("factory-3")
                .parent("cloud")
                .link("cloud", 30.0, 1000.0)
                .cpu("1")
                .obj());

        Decision d = scheduler.schedule(
                PlacementRequest.of(MakeInstance.named("i")
                        .tiers(GATEWAY)
                        .cpu("2")
                        .minBatteryPercent(30)
                        .maxLatencyToSite("factory-3", 10)
                        .obj()),
                state);

        assertThat(d.summary())
                .isEqualTo("0/4 nodes fit: 1 wrong tier, 1 battery < 30%, 1 insufficient cpu,"
                        + " 1 latency > 10 ms to site factory-3");
    }

    @Test
    void anUnknownProfileIsAnAnswerNotAnError() {
        ClusterState state = cluster(MakeNode.named("n").obj());

        Decision d = scheduler.schedule(
                PlacementRequest.of(MakeInstance.named("i").profile("fastest").obj()), state);

        assertThat(d.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
        assertThat(d.summary()).isEqualTo("unknown scheduler profile \"fastest\"; known: binpack, default");
    }

    @Test
    void theComponentsProfileChoosesBetweenSpreadingAndPacking() {
        ClusterState state =
                cluster(MakeNode.named("busy").obj(), MakeNode.named("idle").obj());
        state.upsertInstance(MakeInstance.named("old")
                .component("other")
                .cpu("3")
                .node("busy")
                .obj());

        Decision spread = scheduler.schedule(
                PlacementRequest.of(MakeInstance.named("a").cpu("500m").obj()), state);
        Decision packed = scheduler.schedule(
                PlacementRequest.of(
                        MakeInstance.named("b").cpu("500m").profile("binpack").obj()),
                state);

        assertThat(spread.node()).contains("idle");
        assertThat(packed.node()).contains("busy");
        assertThat(packed.profile()).isEqualTo("binpack");
    }

    @Test
    void bindingRecordsTheAllocationSoTheNextDecisionSeesIt() {
        ClusterState state = cluster(
                MakeNode.named("a").cpu("1").obj(), MakeNode.named("b").cpu("1").obj());
        List<Instance> written = new ArrayList<>();

        Decision first = scheduler.scheduleAndBind(
                PlacementRequest.of(MakeInstance.named("x").cpu("1").obj()), state, written::add);
        Decision second = scheduler.scheduleAndBind(
                PlacementRequest.of(MakeInstance.named("y").cpu("1").obj()), state, written::add);
        Decision third = scheduler.scheduleAndBind(
                PlacementRequest.of(MakeInstance.named("z").cpu("1").obj()), state, written::add);

        assertThat(first.placed()).isTrue();
        assertThat(second.placed()).isTrue();
        assertThat(second.node()).isNotEqualTo(first.node());
        assertThat(third.summary()).isEqualTo("0/2 nodes fit: 2 insufficient cpu");
        assertThat(written).extracting(i -> i.spec().node()).containsExactly(first.nodeName(), second.nodeName());
        assertThat(state.instanceCount()).isEqualTo(2);
    }

    @Test
    void aLostBindLeavesTheStateUntouched() {
        ClusterState state = cluster(MakeNode.named("a").cpu("1").obj());

        Decision d = scheduler.scheduleAndBind(
                PlacementRequest.of(MakeInstance.named("x").cpu("1").obj()), state, bound -> false);

        assertThat(d.outcome()).isEqualTo(Outcome.BIND_FAILED);
        assertThat(d.summary()).contains("lost a race");
        assertThat(state.instanceCount()).isZero();
        assertThat(state.nodeAt(0).usedCpuMilli()).isZero();
    }

    @Test
    void finishedInstancesHoldNothing() {
        ClusterState state = cluster(MakeNode.named("a").cpu("1").obj());
        for (InstancePhase done : List.of(InstancePhase.SUCCEEDED, InstancePhase.FAILED, InstancePhase.STOPPED)) {
            state.upsertInstance(MakeInstance.named("old-" + done)
                    .cpu("1")
                    .node("a")
                    .phase(done)
                    .obj());
        }

        Decision d = scheduler.schedule(
                PlacementRequest.of(MakeInstance.named("x").cpu("1").obj()), state);

        assertThat(d.placed()).isTrue();
    }

    @Test
    void decisionsAreDeterministic() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            nodes.add(MakeNode.named("n" + i).obj());
        }
        PlacementRequest request =
                PlacementRequest.of(MakeInstance.named("i").cpu("1").obj());

        Decision a = scheduler.schedule(request, ClusterState.of(nodes, List.of()));
        Decision b = scheduler.schedule(request, ClusterState.of(nodes, List.of()));

        assertThat(a).isEqualTo(b);
    }

    @Test
    void rejectionsSampleEveryKindOfRejection() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            nodes.add(MakeNode.named(String.format("cloud-%03d", i)).tier(CLOUD).obj());
        }
        nodes.add(MakeNode.named("gw-small").tier(GATEWAY).cpu("1").obj());
        ClusterState state = ClusterState.of(nodes, List.of());

        Decision d = scheduler.schedule(
                PlacementRequest.of(
                        MakeInstance.named("i").tiers(GATEWAY).cpu("2").obj()),
                state);

        assertThat(d.rejections()).hasSizeLessThanOrEqualTo(Scheduler.REJECTION_SAMPLE);
        assertThat(d.rejections().stream().map(r -> r.plugin()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("TierFit", "ResourcesFit");
        assertThat(d.rejections()).anySatisfy(r -> {
            assertThat(r.node()).isEqualTo("gw-small");
            assertThat(r.reason()).isEqualTo("requests 2 cpu; 1 of 1 free");
        });
    }
}
