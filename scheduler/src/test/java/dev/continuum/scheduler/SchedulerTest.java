package dev.continuum.scheduler;

import static dev.continuum.model.Tier.CLOUD;
import static dev.continuum.model.Tier.GATEWAY;
import static dev.continuum.model.Tier.NETWORK_EDGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.ComponentLink;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Node;
import dev.continuum.model.ObjectMeta;
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

    @Test
    void explainGivesEveryNodesVerdict() {
        ClusterState state = cluster(
                MakeNode.named("cloud").tier(CLOUD).obj(),
                MakeNode.named("gw-1").tier(GATEWAY).obj(),
                MakeNode.named("gw-2").tier(GATEWAY).cpu("8").obj());

        Explanation e = scheduler.explain(
                PlacementRequest.of(
                        MakeInstance.named("i").tiers(GATEWAY).cpu("1").obj()),
                state);

        assertThat(e.summary()).isEqualTo("2/3 nodes fit: 1 wrong tier");
        assertThat(e.nodes()).extracting(NodeVerdict::node).containsExactly("gw-2", "gw-1", "cloud");
        assertThat(e.node("cloud").orElseThrow())
                .isEqualTo(NodeVerdict.rejected("cloud", "TierFit", "node is cloud; allowed: gateway"));
        NodeVerdict best = e.node("gw-2").orElseThrow();
        assertThat(best.fits()).isTrue();
        assertThat(best.scores()).extracting(ScoreTerm::plugin).contains("ResourcesFit", "PowerFit");
        assertThat(e.decision().node()).contains("gw-2");
        assertThat(e.render(10)).contains("cloud  rejected by TierFit: node is cloud; allowed: gateway");
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

    @Test
    void linkedComponentsLandWithinTheirLinksLatency() {
        ClusterState state = cluster(
                MakeNode.named("cloud").tier(CLOUD).obj(),
                MakeNode.named("edge-a")
                        .tier(NETWORK_EDGE)
                        .parent("cloud")
                        .link("cloud", 20.0, 1000.0)
                        .obj(),
                MakeNode.named("edge-b")
                        .tier(NETWORK_EDGE)
                        .parent("cloud")
                        .link("cloud", 20.0, 1000.0)
                        .obj(),
                MakeNode.named("gw-a")
                        .tier(GATEWAY)
                        .parent("edge-a")
                        .link("edge-a", 3.0, 100.0)
                        .obj(),
                MakeNode.named("gw-b")
                        .tier(GATEWAY)
                        .parent("edge-b")
                        .link("edge-b", 3.0, 100.0)
                        .obj());
        state.upsertInstance(MakeInstance.named("ingest-0")
                .app("shop")
                .component("ingest")
                .node("gw-a")
                .obj());
        Application app = Application.of(
                ObjectMeta.named("default", "shop"),
                new ApplicationSpec(List.of(), List.of(new ComponentLink("ingest", "filter", 10.0))));
        Instance filter = MakeInstance.named("filter-0")
                .app("shop")
                .component("filter")
                .tiers(NETWORK_EDGE)
                .obj();

        PlacementRequest request = PlacementRequest.of(filter, app, state);
        Decision d = scheduler.schedule(request, state);

        assertThat(request.peers()).singleElement().satisfies(p -> {
            assertThat(p.component()).isEqualTo("ingest");
            assertThat(p.nodes()).containsExactly("gw-a");
        });
        assertThat(d.node()).contains("edge-a");
        assertThat(scheduler
                        .explain(request, state)
                        .node("edge-b")
                        .orElseThrow()
                        .reason())
                .isEqualTo("43 ms to the nearest copy of ingest (limit 10 ms)");
    }

    @Test
    void aLinkMayNameAComponentOfAnotherApplication() {
        ClusterState state =
                cluster(MakeNode.named("a").obj(), MakeNode.named("b").obj());
        state.upsertInstance(MakeInstance.named("db-0")
                .app("store")
                .component("db")
                .node("b")
                .obj());
        state.upsertInstance(MakeInstance.named("cache-0")
                .app("shop")
                .component("cache")
                .node("a")
                .obj());
        Application shop = Application.of(
                ObjectMeta.named("default", "shop"),
                new ApplicationSpec(
                        List.of(),
                        List.of(
                                new ComponentLink("web", "store/db", 5.0),
                                new ComponentLink("web", "default/shop/cache", null),
                                new ComponentLink("cache", "store/db", 1.0))));

        PlacementRequest request = PlacementRequest.of(
                MakeInstance.named("web-0").app("shop").component("web").obj(), shop, state);

        assertThat(request.peers())
                .extracting(p -> p.component() + "@" + p.nodes() + "<" + p.maxLatencyMs())
                .containsExactly("store/db@[b]<5.0", "default/shop/cache@[a]<null");
    }

    @Test
    void aComponentFollowsItsDevice() {
        ClusterState state = cluster(
                MakeNode.named("cloud").tier(CLOUD).obj(),
                MakeNode.named("cell-1")
                        .tier(NETWORK_EDGE)
                        .parent("cloud")
                        .link("cloud", 15.0, 1000.0)
                        .obj(),
                MakeNode.named("cell-2")
                        .tier(NETWORK_EDGE)
                        .parent("cloud")
                        .link("cloud", 15.0, 1000.0)
                        .obj());
        Instance follower = MakeInstance.named("nav")
                .tiers(NETWORK_EDGE)
                .maxLatencyToDevice("car-7", 5)
                .obj();

        Decision unattached = scheduler.schedule(PlacementRequest.of(follower), state);
        state.attachDevice("car-7", "cell-1");
        Decision first = scheduler.schedule(PlacementRequest.of(follower), state);
        state.attachDevice("car-7", "cell-2");
        Decision second = scheduler.schedule(PlacementRequest.of(follower), state);

        assertThat(unattached.summary())
                .isEqualTo("0/3 nodes fit: 2 device car-7 has no known attachment, 1 wrong tier");
        assertThat(first.node()).contains("cell-1");
        assertThat(second.node()).contains("cell-2");
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
