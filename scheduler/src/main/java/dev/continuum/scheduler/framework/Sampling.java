package dev.continuum.scheduler.framework;

/**
 * How many fitting nodes the fast path looks for before it stops filtering and ranks them, in the
 * manner of kube-scheduler's {@code percentageOfNodesToScore}: a share of the candidates, at least
 * {@code minFeasible}, at most {@code maxFeasible}. The scan visits candidates in a pseudo-random
 * order that covers every one of them, so when fewer nodes fit than asked for, all are checked and
 * a fitting node is found whenever one exists; sampling only limits how many fitting nodes compete.
 *
 * @param percent share of candidates to find; 0 means adaptive: 50% less 1% per 125 candidates,
 *     never below 5% (kube-scheduler's formula)
 */
public record Sampling(int minFeasible, int percent, int maxFeasible) {

    public Sampling {
        if (minFeasible < 1 || percent < 0 || percent > 100 || maxFeasible < minFeasible) {
            throw new IllegalArgumentException("bad sampling " + minFeasible + "/" + percent + "%/" + maxFeasible);
        }
    }

    /** Every fitting node is ranked: the exhaustive choice, slower on large fleets. */
    public static Sampling all() {
        return new Sampling(Integer.MAX_VALUE, 100, Integer.MAX_VALUE);
    }

    /** Adaptive share, at least {@code minFeasible} and at most {@code maxFeasible} nodes. */
    public static Sampling adaptive(int minFeasible, int maxFeasible) {
        return new Sampling(minFeasible, 0, maxFeasible);
    }

    /** How many fitting nodes to find among {@code candidates}. */
    public int feasibleToFind(int candidates) {
        if (minFeasible == Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        int share = percent > 0 ? percent : Math.max(5, 50 - candidates / 125);
        long wanted = (long) candidates * share / 100;
        return (int) Math.max(minFeasible, Math.min(maxFeasible, wanted));
    }
}
