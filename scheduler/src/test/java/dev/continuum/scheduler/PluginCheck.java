package dev.continuum.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.Evaluation;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.Pipeline;
import dev.continuum.scheduler.framework.PipelineResult;
import dev.continuum.scheduler.framework.Plugin;
import dev.continuum.scheduler.framework.Profile;
import dev.continuum.scheduler.framework.Sampling;
import dev.continuum.scheduler.framework.ScorePlugin;
import java.util.List;

/**
 * Runs one plugin the way a profile would, for table tests: its verdict on a node, its reason, its
 * score. Every filter verdict is also checked against the fast path, so a plugin whose index
 * restriction and per-node filter disagree fails its own table.
 */
public final class PluginCheck {

    private final ClusterState state;
    private final PlacementRequest request;

    private PluginCheck(ClusterState state, PlacementRequest request) {
        this.state = state;
        this.request = request;
    }

    public static PluginCheck of(Instance instance, Node... nodes) {
        return new PluginCheck(ClusterState.of(List.of(nodes), List.of()), PlacementRequest.of(instance));
    }

    public static PluginCheck of(PlacementRequest request, ClusterState state) {
        return new PluginCheck(state, request);
    }

    /** {@code fits}, or the rejection summary of {@code plugin} for {@code node}. */
    public String verdict(Plugin plugin, String node) {
        Profile profile =
                Profile.named("check").filter(plugin).sampling(Sampling.all()).build();
        Evaluation e = Pipeline.evaluate(profile, CycleState.of(request, state));
        PipelineResult fast = Pipeline.decide(profile, CycleState.of(request, state), 0);
        assertThat(fast.fit())
                .as("the fast path finds as many fitting nodes as the exhaustive one")
                .isEqualTo(e.fitCount());
        for (int i = 0; i < e.nodeCount(); i++) {
            if (e.node(i).name().equals(node)) {
                return e.rejectedBy(i) < 0 ? "fits" : e.result(i).summary();
            }
        }
        throw new IllegalArgumentException("no node " + node);
    }

    /** The plugin's reason for rejecting {@code node}. */
    public String reason(FilterPlugin plugin, String node) {
        Profile profile = Profile.named("check").filter(plugin).build();
        Evaluation e = Pipeline.evaluate(profile, CycleState.of(request, state));
        for (int i = 0; i < e.nodeCount(); i++) {
            if (e.node(i).name().equals(node)) {
                assertThat(e.rejectedBy(i)).as("%s is rejected", node).isGreaterThanOrEqualTo(0);
                return e.chain().reason(e.rejectedBy(i), e.node(i));
            }
        }
        throw new IllegalArgumentException("no node " + node);
    }

    /** The plugin's normalized score of {@code node} among all nodes; NaN when it sits out. */
    public double score(ScorePlugin plugin, String node) {
        Profile profile = Profile.named("check").score(plugin, 1).build();
        Evaluation e = Pipeline.evaluate(profile, CycleState.of(request, state));
        for (int k = 0; k < e.fitCount(); k++) {
            if (e.fitting(k).name().equals(node)) {
                return e.score(0, k);
            }
        }
        throw new IllegalArgumentException("no fitting node " + node);
    }
}
