package dev.continuum.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Tier;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.testing.MakeNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CandidateSetTest {

    /** A view of {@code n} nodes where every {@code every}-th is a gateway. */
    private static ClusterState fleet(int n, int every) {
        ClusterState state = new ClusterState();
        for (int i = 0; i < n; i++) {
            MakeNode node = MakeNode.named("n" + i);
            if (i % every == 0) {
                node.tier(Tier.GATEWAY);
            }
            state.upsertNode(node.obj());
        }
        return state;
    }

    private static List<Integer> walk(CandidateSet set, int seed) {
        set.beginWalk(seed, set.cardinality());
        List<Integer> order = new ArrayList<>();
        for (int s = set.next(); s >= 0; s = set.next()) {
            order.add(s);
        }
        return order;
    }

    @ParameterizedTest(name = "{0} nodes, every {1}th a candidate, seed {2}")
    @CsvSource({"1,1,0", "2,1,7", "97,1,-3", "1000,1,123456", "1000,3,42", "1000,50,-99", "4096,1,5", "10000,200,1"})
    void aWalkVisitsEveryCandidateOnceWhateverTheSeed(int n, int every, int seed) {
        ClusterState state = fleet(n, every);
        CandidateSet set = new CandidateSet();
        RejectionTally tally = new RejectionTally();
        int entry = tally.entry(0, "TierFit", "wrong tier");
        List<CandidateSet.Cut> cuts =
                List.of(new CandidateSet.Cut(entry, List.of(state.nodesInTier(Tier.GATEWAY)), false));
        set.narrow(state.allNodes(), state.slotLimit(), cuts);
        CandidateSet.attribute(state.allNodes(), state.slotLimit(), cuts, tally);

        List<Integer> order = walk(set, seed);

        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < n; i += every) {
            expected.add(i);
        }
        assertThat(order).hasSize(expected.size());
        assertThat(new HashSet<>(order)).isEqualTo(expected);
        assertThat(walk(set, seed)).isEqualTo(order);
        assertThat(tally.count(entry)).isEqualTo(n - expected.size());
    }

    @ParameterizedTest(name = "{0} nodes: different seeds start in different places")
    @CsvSource({"1000"})
    void seedsSpreadTheStart(int n) {
        ClusterState state = fleet(n, 1);
        CandidateSet set = new CandidateSet();
        set.narrow(state.allNodes(), state.slotLimit(), List.of());

        Set<Integer> firsts = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            firsts.add(walk(set, seed * 7919).getFirst());
        }

        assertThat(firsts).hasSizeGreaterThan(15);
    }

    @ParameterizedTest(name = "stride for {0} is coprime and near the golden section")
    @CsvSource({"10", "64", "1000", "1024", "9973", "100000"})
    void strideIsCoprime(int n) {
        long s = CandidateSet.coprimeStride(n);
        assertThat(BigInteger.valueOf(s).gcd(BigInteger.valueOf(n)).intValue()).isEqualTo(1);
        assertThat((double) s / n).isBetween(0.6, 0.7);
    }
}
