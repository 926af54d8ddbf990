package dev.continuum.scheduler;

import static dev.continuum.model.Tier.CLOUD;
import static dev.continuum.model.Tier.GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Node;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainTest {

    private final Scheduler scheduler = Scheduler.withDefaultProfiles();

    private static ClusterState cluster(Node... nodes) {
        return ClusterState.of(List.of(nodes), List.of());
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
}
