package dev.continuum.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Instance;
import dev.continuum.scheduler.Decision.Outcome;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.Evaluation;
import dev.continuum.scheduler.framework.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the scheduler over random continua of a few thousand nodes and random requests,
 * each run named by its seed (rerun one with {@code -Dscheduler.seed=<seed>}):
 *
 * <ul>
 *   <li>the exhaustive pipeline agrees node for node with a plain second writing of the hard
 *       constraints ({@link HardConstraints});
 *   <li>no placement breaks a hard constraint, and when some node fits, one is chosen;
 *   <li>when none fits, the summary accounts for every node;
 *   <li>preemption evicts only lower priorities, and after the eviction the nominated node fits;
 *   <li>the same seed gives the same decisions.
 * </ul>
 *
 * Placed instances are bound, so later requests meet a fuller cluster.
 */
class SchedulerPropertyTest {

    private static final int NODES = 2000;
    private static final int REQUESTS = 120;
    private static final Pattern COUNT = Pattern.compile("(?:: |, )(\\d+) ");

    private final Scheduler scheduler = Scheduler.withDefaultProfiles();

    static LongStream seeds() {
        String fixed = System.getProperty("scheduler.seed");
        if (fixed != null) {
            return LongStream.of(Long.parseLong(fixed));
        }
        return LongStream.range(0, 10).map(i -> 20261127L + 7919L * i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void placementsKeepEveryHardConstraintAndFindAFitWheneverOneExists(long seed) {
        RandomCluster cluster = new RandomCluster(seed, NODES);
        ClusterState state = cluster.state();
        ClusterState twin = cluster.state();
        int placed = 0;
        int unschedulable = 0;
        for (int n = 0; n < REQUESTS; n++) {
            Instance instance = cluster.request();
            PlacementRequest request = cluster.withPeers(instance);
            String context =
                    "seed " + seed + ", request " + n + " " + instance.spec().template();

            Decision decision = scheduler.schedule(request, state);
            assertThat(scheduler.schedule(request, twin)).as(context).isEqualTo(decision);

            List<String> fitting = agreeWithOracle(request, state, context);
            if (!fitting.isEmpty()) {
                assertThat(decision.outcome()).as(context).isEqualTo(Outcome.PLACED);
                assertThat(fitting).as(context).contains(decision.nodeName());
                Instance bound = decision.bind(instance);
                state.upsertInstance(bound);
                twin.upsertInstance(bound);
                placed++;
                continue;
            }
            unschedulable++;
            assertThat(decision.placed()).as(context).isFalse();
            assertThat(countsIn(decision.summary()))
                    .as(context + "\n" + decision.summary())
                    .isEqualTo(NODES);
            if (decision.outcome() == Outcome.PREEMPT) {
                assertThat(decision.victims())
                        .as(context)
                        .allSatisfy(v -> assertThat(v.priority()).isLessThan(request.priority()));
                for (Victim v : decision.victims()) {
                    state.removeInstance(v.namespace(), v.name());
                    twin.removeInstance(v.namespace(), v.name());
                }
                NodeInfo nominated = state.node(decision.nodeName()).orElseThrow();
                assertThat(new HardConstraints(request, state).broken(nominated))
                        .as(context + " after evicting " + decision.victims())
                        .isEmpty();
            }
        }
        assertThat(placed)
                .as("seed %d: enough requests were placed to mean something", seed)
                .isGreaterThan(REQUESTS / 4);
        assertThat(unschedulable)
                .as("seed %d: some requests were impossible", seed)
                .isPositive();
    }

    /** Checks the exhaustive verdict of every node against the oracle; returns the fitting nodes. */
    private List<String> agreeWithOracle(PlacementRequest request, ClusterState state, String context) {
        Evaluation e =
                Pipeline.evaluate(scheduler.profile(request.profile()).orElseThrow(), CycleState.of(request, state));
        HardConstraints oracle = new HardConstraints(request, state);
        List<String> fitting = new ArrayList<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            NodeInfo node = e.node(i);
            List<String> broken = oracle.broken(node);
            boolean fits = e.rejectedBy(i) < 0;
            assertThat(fits)
                    .as("%s\nnode %s: pipeline says %s, oracle says %s", context, node.name(), e.result(i), broken)
                    .isEqualTo(broken.isEmpty());
            if (fits) {
                fitting.add(node.name());
            }
        }
        return fitting;
    }

    private static int countsIn(String summary) {
        Matcher m = COUNT.matcher(summary);
        int total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }
        return total;
    }
}
