package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.ClusterView;
import dev.continuum.scheduler.NodeInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a profile for one request, in the order of the Kubernetes scheduling framework:
 *
 * <pre>
 *   pre-filter ──► restrict by index ──► filter (walk, stop after enough fit) ──► pre-score
 *        │                                       │ nothing fits                     │
 *        └─ unschedulable                        ▼                                  ▼
 *                                           post-filter (preempt)          score ─► normalize ─► pick
 * </pre>
 *
 * <p>{@link #decide} is the fast path; {@link #evaluate} filters every node with every filter and
 * ranks every fitting node, for explanations, re-evaluation and as the reference the fast path is
 * tested against. Both are pure functions of the profile, the request and the view; reusable
 * buffers are kept per thread, so a pipeline may run on several threads over different views.
 */
public final class Pipeline {

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Pipeline() {}

    /** Places one request; {@code seed} decides where the walk over candidates starts. */
    public static PipelineResult decide(Profile profile, CycleState state, int seed) {
        ClusterView view = state.view();
        Scratch scratch = SCRATCH.get();
        CandidateSet candidates = scratch.candidates;
        RejectionTally tally = new RejectionTally();
        List<CandidateSet.Cut> cuts = new ArrayList<>();
        FilterChain chain = prepare(profile, state, cuts, tally);
        candidates.narrow(view.allNodes(), view.slotLimit(), cuts);
        int cardinality = candidates.cardinality();
        int wanted = profile.sampling().feasibleToFind(cardinality);
        candidates.beginWalk(seed, cardinality);
        NodeInfo[] fitting = scratch.fitting(Math.min(wanted, cardinality));
        int fit = 0;
        int checked = 0;
        int capacityRejected = 0;
        int slot;
        while (fit < wanted && (slot = candidates.next()) >= 0) {
            NodeInfo node = view.nodeAt(slot);
            checked++;
            int rejected = chain.checkUnindexed(node);
            if (rejected < 0) {
                fitting[fit++] = node;
            } else {
                tally.add(chain.position(rejected), chain.plugin(rejected).name(), chain.lastResult(), slot);
                if (chain.isCapacity(rejected)) {
                    scratch.capacity(capacityRejected + 1)[capacityRejected++] = slot;
                }
            }
        }
        if (fit == 0) {
            CandidateSet.attribute(view.allNodes(), view.slotLimit(), cuts, tally);
            int[] reclaimable = Arrays.copyOf(scratch.capacity(capacityRejected), capacityRejected);
            Arrays.sort(reclaimable);
            return new PipelineResult(null, 0, view.nodeCount(), checked, 0, tally, chain, reclaimable);
        }
        int scorers = profile.scorers().size();
        double[][] matrix = scratch.matrix(scorers, fit);
        double[] totals = scratch.totals(fit);
        boolean[] applies = scratch.applies(scorers);
        int best = Scoring.rank(profile, state, fitting, fit, matrix, totals, applies);
        NodeInfo chosen = fitting[best];
        double score = totals[best];
        Arrays.fill(fitting, 0, fit, null);
        return new PipelineResult(chosen, score, view.nodeCount(), checked, fit, tally, chain, new int[0]);
    }

    /** Filters every node with every filter and ranks every fitting node. */
    public static Evaluation evaluate(Profile profile, CycleState state) {
        ClusterView view = state.view();
        FilterChain chain = prepare(profile, state, new ArrayList<>(), new RejectionTally());
        NodeInfo[] nodes = new NodeInfo[view.nodeCount()];
        int n = 0;
        for (int slot = 0; slot < view.slotLimit(); slot++) {
            NodeInfo node = view.nodeAt(slot);
            if (node != null) {
                nodes[n++] = node;
            }
        }
        int[] rejectedBy = new int[n];
        FilterResult[] results = new FilterResult[n];
        NodeInfo[] fitting = new NodeInfo[n];
        RejectionTally tally = new RejectionTally();
        int fit = 0;
        for (int i = 0; i < n; i++) {
            rejectedBy[i] = chain.check(nodes[i]);
            if (rejectedBy[i] < 0) {
                results[i] = FilterResult.fits();
                fitting[fit++] = nodes[i];
            } else {
                results[i] = chain.lastResult();
                tally.add(
                        chain.position(rejectedBy[i]),
                        chain.plugin(rejectedBy[i]).name(),
                        results[i],
                        nodes[i].slot());
            }
        }
        int scorers = profile.scorers().size();
        double[][] matrix = new double[scorers][fit];
        double[] totals = new double[fit];
        boolean[] applies = new boolean[scorers];
        int best = fit == 0 ? -1 : Scoring.rank(profile, state, fitting, fit, matrix, totals, applies);
        return new Evaluation(
                profile, chain, nodes, rejectedBy, results, tally, fitting, fit, matrix, totals, applies, best);
    }

    /** Runs every pre-filter in order, collecting their restrictions into {@code cuts}. */
    private static FilterChain prepare(
            Profile profile, CycleState state, List<CandidateSet.Cut> cuts, RejectionTally tally) {
        List<Plugin> filters = profile.filters();
        PreFilterResult[] results = new PreFilterResult[filters.size()];
        for (int i = 0; i < filters.size(); i++) {
            Plugin p = filters.get(i);
            PreFilterResult r = p instanceof PreFilterPlugin pre ? pre.preFilter(state) : PreFilterResult.proceed();
            results[i] = r;
            switch (r.kind()) {
                case RESTRICT, NARROW -> {
                    for (PreFilterResult.Restriction restriction : r.restrictions()) {
                        cuts.add(new CandidateSet.Cut(
                                tally.entry(i, p.name(), restriction.summary()),
                                restriction.sets(),
                                restriction.excluding()));
                    }
                }
                case UNSCHEDULABLE ->
                    cuts.add(new CandidateSet.Cut(tally.entry(i, p.name(), r.summary()), List.of(), false));
                case PROCEED, SKIP -> {}
            }
        }
        return new FilterChain(state, filters, results);
    }

    /** Buffers reused by the decisions of one thread, grown as fleets grow. */
    private static final class Scratch {
        final CandidateSet candidates = new CandidateSet();
        private NodeInfo[] fitting = new NodeInfo[256];
        private double[][] matrix = new double[0][];
        private double[] totals = new double[256];
        private boolean[] applies = new boolean[16];
        private int[] capacity = new int[64];

        int[] capacity(int n) {
            if (capacity.length < n) {
                capacity = Arrays.copyOf(capacity, Math.max(n, capacity.length * 2));
            }
            return capacity;
        }

        NodeInfo[] fitting(int n) {
            if (fitting.length < n) {
                fitting = new NodeInfo[Math.max(n, fitting.length * 2)];
            }
            return fitting;
        }

        double[][] matrix(int scorers, int n) {
            if (matrix.length < scorers || (scorers > 0 && matrix[0].length < n)) {
                int width = Math.max(n, matrix.length == 0 ? 256 : matrix[0].length * 2);
                matrix = new double[Math.max(scorers, matrix.length)][width];
            }
            return matrix;
        }

        double[] totals(int n) {
            if (totals.length < n) {
                totals = new double[Math.max(n, totals.length * 2)];
            }
            return totals;
        }

        boolean[] applies(int scorers) {
            if (applies.length < scorers) {
                applies = new boolean[scorers];
            }
            return applies;
        }
    }
}
