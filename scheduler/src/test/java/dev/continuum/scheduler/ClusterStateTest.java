package dev.continuum.scheduler;

import static dev.continuum.model.Tier.CLOUD;
import static dev.continuum.model.Tier.GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Taint;
import dev.continuum.model.TaintEffect;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStateTest {

    @Test
    void boundInstancesChargeTheirNodeAndFinishedOnesRelease() {
        ClusterState state = new ClusterState();
        state.upsertNode(MakeNode.named("n").cpu("4").memory("8Gi").obj());
        Instance i = MakeInstance.named("i").cpu("1").memory("1Gi").node("n").obj();

        state.upsertInstance(i);
        NodeInfo charged = state.node("n").orElseThrow();
        assertThat(charged.usedCpuMilli()).isEqualTo(1000);
        assertThat(charged.freeMemoryBytes()).isEqualTo(7L << 30);

        state.upsertInstance(i.withStatus(i.status().withPhase(InstancePhase.SUCCEEDED, null, null, null)));
        assertThat(state.node("n").orElseThrow().usedCpuMilli()).isZero();
        assertThat(state.instanceCount()).isZero();
    }

    @Test
    void applyingTheSameInstanceTwiceChargesOnce() {
        ClusterState state = ClusterState.of(List.of(MakeNode.named("n").obj()), List.of());
        Instance i = MakeInstance.named("i").cpu("1").node("n").obj();

        state.upsertInstance(i);
        state.upsertInstance(i);

        assertThat(state.node("n").orElseThrow().usedCpuMilli()).isEqualTo(1000);
    }

    @Test
    void movingAnInstanceMovesItsCharge() {
        ClusterState state = ClusterState.of(
                List.of(MakeNode.named("a").obj(), MakeNode.named("b").obj()), List.of());

        state.upsertInstance(MakeInstance.named("i").cpu("1").node("a").obj());
        state.upsertInstance(MakeInstance.named("i").cpu("1").node("b").obj());

        assertThat(state.node("a").orElseThrow().usedCpuMilli()).isZero();
        assertThat(state.node("b").orElseThrow().usedCpuMilli()).isEqualTo(1000);
    }

    @Test
    void instancesBoundBeforeTheirNodeArrivesCountWhenItDoes() {
        ClusterState state = new ClusterState();
        state.upsertInstance(MakeInstance.named("i").cpu("2").node("late").obj());

        state.upsertNode(MakeNode.named("late").obj());

        assertThat(state.node("late").orElseThrow().usedCpuMilli()).isEqualTo(2000);
    }

    @Test
    void aNodeThatLeavesAndReturnsGetsItsChargesBack() {
        ClusterState state = ClusterState.of(
                List.of(MakeNode.named("n").obj()),
                List.of(MakeInstance.named("i").cpu("1").node("n").obj()));

        state.removeNode("n");
        assertThat(state.nodeCount()).isZero();
        assertThat(state.instance("default", "i")).isPresent();
        state.upsertNode(MakeNode.named("n").obj());

        assertThat(state.node("n").orElseThrow().usedCpuMilli()).isEqualTo(1000);
    }

    @Test
    void removingAnInstanceReleasesIt() {
        ClusterState state = ClusterState.of(
                List.of(MakeNode.named("n").obj()),
                List.of(MakeInstance.named("i").cpu("1").node("n").obj()));

        state.removeInstance("default", "i");

        assertThat(state.node("n").orElseThrow().usedCpuMilli()).isZero();
        assertThat(state.instancesOn(0)).isEmpty();
    }

    @Test
    void indexesFollowNodeChangesAndSlotsAreReused() {
        ClusterState state = ClusterState.of(
                List.of(
                        MakeNode.named("a").tier(CLOUD).obj(),
                        MakeNode.named("b").tier(GATEWAY).arch("arm64").obj()),
                List.of());
        int slotA = state.node("a").orElseThrow().slot();

        state.upsertNode(MakeNode.named("a").tier(GATEWAY).notReady().obj());
        assertThat(state.nodesInTier(CLOUD).cardinality()).isZero();
        assertThat(state.nodesInTier(GATEWAY).cardinality()).isEqualTo(2);
        assertThat(state.readyNodes().contains(slotA)).isFalse();
        assertThat(state.nodesWithArch("arm64").cardinality()).isEqualTo(1);

        state.removeNode("a");
        state.upsertNode(MakeNode.named("c").obj());
        assertThat(state.node("c").orElseThrow().slot()).isEqualTo(slotA);
        assertThat(state.nodesInTier(GATEWAY).cardinality()).isEqualTo(1);
        assertThat(state.slotLimit()).isEqualTo(2);
    }

    @Test
    void acceleratorsAreHandedOutAndGivenBack() {
        ClusterState state = ClusterState.of(
                List.of(MakeNode.named("n")
                        .accelerator("gpu", "nvidia", "T4", 2, "16Gi")
                        .obj()),
                List.of());

        state.upsertInstance(MakeInstance.named("i")
                .accelerator("gpu", null, null, 1, null)
                .node("n")
                .obj());
        assertThat(state.node("n").orElseThrow().acceleratorsFree(0)).isEqualTo(1);

        state.removeInstance("default", "i");
        assertThat(state.node("n").orElseThrow().acceleratorsFree(0)).isEqualTo(2);
    }

    @Test
    void aLabelIndexBuiltOnDemandFollowsLaterChanges() {
        ClusterState state = ClusterState.of(
                List.of(
                        MakeNode.named("a").label("disk", "ssd").obj(),
                        MakeNode.named("b").obj()),
                List.of());
        NodeSet ssd = state.nodesWithLabel("disk", "ssd").orElseThrow();
        assertThat(ssd.cardinality()).isEqualTo(1);

        state.upsertNode(MakeNode.named("b").label("disk", "ssd").obj());
        state.upsertNode(MakeNode.named("a").label("disk", "hdd").obj());
        state.upsertNode(MakeNode.named("c").label("disk", "ssd").obj());

        assertThat(ssd.cardinality()).isEqualTo(2);
        assertThat(ssd.contains(state.node("a").orElseThrow().slot())).isFalse();
        assertThat(ssd.contains(state.node("c").orElseThrow().slot())).isTrue();
    }

    @Test
    void taintedNodesAreIndexedByTheirFirstHardTaint() {
        ClusterState state = ClusterState.of(
                List.of(
                        MakeNode.named("gpu")
                                .taint("dedicated", "gpu", TaintEffect.NO_SCHEDULE)
                                .obj(),
                        MakeNode.named("spot")
                                .taint("spot", "yes", TaintEffect.PREFER_NO_SCHEDULE)
                                .obj(),
                        MakeNode.named("plain").obj()),
                List.of());

        assertThat(state.nodesByFirstHardTaint())
                .containsOnlyKeys(new Taint("dedicated", "gpu", TaintEffect.NO_SCHEDULE));

        state.removeNode("gpu");
        assertThat(state.nodesByFirstHardTaint()).isEmpty();
    }

    @Test
    void aNodeWithoutRuntimesRunsWasm() {
        ClusterState state =
                ClusterState.of(List.of(MakeNode.named("n").runtimes().obj()), List.of());

        assertThat(state.nodesWithRuntime("wasm").cardinality()).isEqualTo(1);
        assertThat(state.nodesWithRuntime("container").cardinality()).isZero();
    }

    @Test
    void copiesAndSitesAreListed() {
        ClusterState state = ClusterState.of(
                List.of(
                        MakeNode.named("a").site("s").obj(),
                        MakeNode.named("b").site("s").obj()),
                List.of(
                        MakeInstance.named("c0")
                                .app("shop")
                                .component("web")
                                .node("a")
                                .obj(),
                        MakeInstance.named("c1")
                                .app("shop")
                                .component("web")
                                .node("b")
                                .obj(),
                        MakeInstance.named("d0")
                                .app("shop")
                                .component("db")
                                .node("b")
                                .obj()));

        assertThat(state.copiesOf("default", "shop", "web"))
                .extracting(BoundInstance::name)
                .containsExactly("c0", "c1");
        assertThat(state.nodesAtSite("s")).extracting(NodeInfo::name).containsExactly("a", "b");
        assertThat(state.nodesAtSite("t")).isEmpty();
    }
}
