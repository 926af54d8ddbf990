package dev.continuum.scheduler.plugins.spread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologySpreadTest {

    /** Nodes a1, a2 in zone a; b1 in zone b; c1 in zone c; x1 in no zone. */
    private static List<Node> nodes() {
        return List.of(
                MakeNode.named("a1").zone("a").obj(),
                MakeNode.named("a2").zone("a").obj(),
                MakeNode.named("b1").zone("b").obj(),
                MakeNode.named("c1").zone("c").obj(),
                MakeNode.named("x1").obj());
    }

    /** {@code node,node,...}: one copy of the component on each. */
    private static PluginCheck check(String copiesOn, String by, Integer maxSkew) {
        List<Instance> copies = new ArrayList<>();
        int i = 0;
        for (String node : copiesOn.split(",")) {
            if (!node.isEmpty()) {
                copies.add(MakeInstance.named("copy-" + i++).node(node).obj());
            }
        }
        MakeInstance instance = MakeInstance.named("new");
        if (!by.isEmpty()) {
            instance.spread(by, maxSkew);
        }
        return PluginCheck.of(PlacementRequest.of(instance.obj()), ClusterState.of(nodes(), copies));
    }

    @ParameterizedTest(name = "copies on [{0}], spread by {1} maxSkew {2}, on {3}: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            ''          | zone | 1 | a1 | fits
            a1          | zone | 1 | a2 | spread by zone would exceed maxSkew 1
            a1          | zone | 1 | b1 | fits
            a1          | zone | 2 | a2 | fits
            a1,b1,c1    | zone | 1 | a2 | fits
            a1,a2,b1    | zone | 1 | b1 | spread by zone would exceed maxSkew 1
            a1,a2,b1    | zone | 1 | c1 | fits
            ''          | zone | 1 | x1 | no zone to spread by
            a1          | node | 1 | a1 | spread by node would exceed maxSkew 1
            a1          | node | 1 | a2 | fits
            """)
    void keepsCopiesWithinTheSkew(String copiesOn, String by, int maxSkew, String node, String verdict) {
        assertThat(check(copiesOn, by, maxSkew).verdict(new TopologySpread(), node))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "copies on [{0}], on {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a1,a2,b1 | b1 | zone b holds 1 copies; the emptiest eligible zone holds 0 (maxSkew 1)
            ''       | x1 | node has no zone
            """)
    void saysHowUnevenItWouldBe(String copiesOn, String node, String reason) {
        assertThat(check(copiesOn, "zone", 1).reason(new TopologySpread(), node))
                .isEqualTo(reason);
    }

    @ParameterizedTest(name = "copies on [{0}], no constraint: {1} scores {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a1,a1 | a1 | 0
            a1,a1 | a2 | 50
            a1,a1 | b1 | 100
            """)
    void prefersEmptierNodesAndZonesByDefault(String copiesOn, String node, double score) {
        assertThat(check(copiesOn, "", null).score(new TopologySpread(), node)).isEqualTo(score);
    }
}
