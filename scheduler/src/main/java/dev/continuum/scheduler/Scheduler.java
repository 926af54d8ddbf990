package dev.continuum.scheduler;

import dev.continuum.model.Instance;
import dev.continuum.model.InstanceStatus.Rejection;
import dev.continuum.scheduler.Decision.Outcome;
import dev.continuum.scheduler.framework.Amounts;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.Evaluation;
import dev.continuum.scheduler.framework.FilterChain;
import dev.continuum.scheduler.framework.Pipeline;
import dev.continuum.scheduler.framework.PipelineResult;
import dev.continuum.scheduler.framework.PostFilterPlugin.Nomination;
import dev.continuum.scheduler.framework.Profile;
import dev.continuum.scheduler.framework.RejectionTally;
import dev.continuum.scheduler.framework.ScorePlugin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Places instances on nodes: a pure function of a {@link PlacementRequest} and a
 * {@link ClusterView}, run through the profile the component names ({@code Component.profile}).
 *
 * <p>Typical use by a controller that owns a {@link ClusterState}:
 *
 * <pre>{@code
 * Decision d = scheduler.schedule(PlacementRequest.of(instance), state);
 * switch (d.outcome()) {
 *     case PLACED -> { Instance bound = d.bind(instance); store.update(bound); state.upsertInstance(bound); }
 *     case PREEMPT -> d.victims().forEach(v -> evict(v));        // then schedule again
 *     default -> store.updateStatus(instance.withStatus(
 *             instance.status().withScheduling(d.schedulingStatus(clock.instant()))));
 * }
 * }</pre>
 *
 * or {@link #scheduleAndBind} with a {@link Binder}, which does the first branch.
 *
 * <p>Immutable and thread-safe; the view passed in must not change during a call.
 */
public final class Scheduler {

    public static final String DEFAULT_PROFILE = "default";

    /** Rejections kept on an unschedulable decision, spread over its kinds of rejection. */
    static final int REJECTION_SAMPLE = 32;

    private final Map<String, Profile> profiles;

    private Scheduler(Map<String, Profile> profiles) {
        this.profiles = profiles;
    }

    /** A scheduler with {@link DefaultProfiles}: {@code default} (spreading) and {@code binpack}. */
    public static Scheduler withDefaultProfiles() {
        return withProfiles(DefaultProfiles.all());
    }

    /** A scheduler with exactly these profiles; one must be named {@code default}. */
    public static Scheduler withProfiles(Collection<Profile> profiles) {
        Map<String, Profile> byName = new LinkedHashMap<>();
        for (Profile p : profiles) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("two profiles named " + p.name());
            }
        }
        if (!byName.containsKey(DEFAULT_PROFILE)) {
            throw new IllegalArgumentException("no profile named " + DEFAULT_PROFILE);
        }
        return new Scheduler(Map.copyOf(byName));
    }

    public Optional<Profile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /** Chooses a node for the request, or says why none fits (and whom to preempt, if anyone). */
    public Decision schedule(PlacementRequest request, ClusterView view) {
        Profile profile = profiles.get(request.profile());
        if (profile == null) {
            return unknownProfile(request, view);
        }
        CycleState state = CycleState.of(request, view);
        PipelineResult result = Pipeline.decide(profile, state, seed(request));
        if (result.placed()) {
            return new Decision(
                    Outcome.PLACED,
                    result.node().name(),
                    result.score(),
                    "placed on " + result.node().name() + " (score " + Amounts.number(result.score()) + "): "
                            + result.fit() + " fitting of " + result.checked() + " checked, " + result.nodes()
                            + " nodes",
                    List.of(),
                    List.of(),
                    profile.name(),
                    result.nodes(),
                    result.checked(),
                    result.fit());
        }
        String summary = "0/" + result.nodes() + " nodes fit" + describe(result.tally());
        List<Rejection> rejections = sampleRejections(view, result.chain(), result.tally());
        if (profile.postFilter() != null) {
            Optional<Nomination> nomination =
                    profile.postFilter().postFilter(state, result.chain(), result.reclaimable());
            if (nomination.isPresent()) {
                Nomination n = nomination.get();
                List<Victim> victims = n.victims().stream().map(Victim::of).toList();
                return new Decision(
                        Outcome.PREEMPT,
                        n.node().name(),
                        0,
                        summary + "; preempting " + victims.size() + " lower-priority instance"
                                + (victims.size() == 1 ? "" : "s") + " on "
                                + n.node().name(),
                        rejections,
                        victims,
                        profile.name(),
                        result.nodes(),
                        result.checked(),
                        0);
            }
        }
        return new Decision(
                Outcome.UNSCHEDULABLE,
                null,
                0,
                summary,
                rejections,
                List.of(),
                profile.name(),
                result.nodes(),
                result.checked(),
                0);
    }

    /**
     * The bind step: schedules, and when placed writes the binding through {@code binder} and
     * records the allocation in {@code state}, so the next decision sees it. A lost write comes
     * back as {@link Outcome#BIND_FAILED} and leaves the state as it was.
     */
    public Decision scheduleAndBind(PlacementRequest request, ClusterState state, Binder binder) {
        Decision decision = schedule(request, state);
        if (!decision.placed()) {
            return decision;
        }
        Instance bound = decision.bind(request.instance());
        if (!binder.bind(bound)) {
            return decision.withOutcome(
                    Outcome.BIND_FAILED,
                    "binding " + request.key() + " to " + decision.nodeName() + " lost a race; schedule it again");
        }
        state.upsertInstance(bound);
        return decision;
    }

    /**
     * The decision, and every node's verdict from the exhaustive pipeline: fitting nodes by score
     * with their breakdown, rejected ones by name with the rejecting plugin and its reason. The
     * decision may prefer a node other than the exhaustive best when it ranked a sample.
     */
    public Explanation explain(PlacementRequest request, ClusterView view) {
        Decision decision = schedule(request, view);
        Profile profile = profiles.get(request.profile());
        if (profile == null) {
            return new Explanation(decision, decision.summary(), List.of());
        }
        Evaluation e = Pipeline.evaluate(profile, CycleState.of(request, view));
        List<NodeVerdict> fitting = new ArrayList<>();
        List<NodeVerdict> rejected = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < e.nodeCount(); i++) {
            NodeInfo node = e.node(i);
            int by = e.rejectedBy(i);
            if (by < 0) {
                fitting.add(NodeVerdict.fitting(node.name(), e.total(k), terms(e, k)));
                k++;
            } else {
                rejected.add(NodeVerdict.rejected(
                        node.name(), e.chain().plugin(by).name(), e.chain().reason(by, node)));
            }
        }
        fitting.sort(Comparator.comparingDouble(NodeVerdict::score).reversed().thenComparing(NodeVerdict::node));
        rejected.sort(Comparator.comparing(NodeVerdict::node));
        fitting.addAll(rejected);
        String summary = e.fitCount() + "/" + e.nodeCount() + " nodes fit" + describe(e.tally());
        return new Explanation(decision, summary, fitting);
    }

    private static List<ScoreTerm> terms(Evaluation e, int k) {
        List<ScoreTerm> terms = new ArrayList<>();
        List<ScorePlugin> scorers = e.scorers();
        for (int s = 0; s < scorers.size(); s++) {
            double score = e.score(s, k);
            if (!Double.isNaN(score)) {
                terms.add(new ScoreTerm(scorers.get(s).name(), score, e.weight(s)));
            }
        }
        return terms;
    }

    /**
     * Whether a running instance now has a place better by at least {@code minImprovement} points
     * of the 0–100 score, or its node no longer fits it at all. Compares every node, the current
     * one scored as if the instance were not on it. A query: nothing is moved.
     */
    public Optional<BetterPlacement> betterPlacement(
            PlacementRequest running, ClusterView view, double minImprovement) {
        String current = running.instance().spec().node();
        Profile profile = profiles.get(running.profile());
        if (current == null || current.isEmpty() || profile == null) {
            return Optional.empty();
        }
        Evaluation e = Pipeline.evaluate(profile, CycleState.of(running, view));
        int best = -1;
        int currentFit = -1;
        String currentProblem = view.node(current).isEmpty() ? current + " is gone" : null;
        int k = 0;
        for (int i = 0; i < e.nodeCount(); i++) {
            NodeInfo node = e.node(i);
            boolean fits = e.rejectedBy(i) < 0;
            if (node.name().equals(current)) {
                if (fits) {
                    currentFit = k;
                } else {
                    currentProblem = current + " no longer fits: " + e.result(i).summary();
                }
            } else if (fits && (best < 0 || e.total(k) > e.total(best))) {
                best = k;
            }
            if (fits) {
                k++;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        NodeInfo target = e.fitting(best);
        double score = e.total(best);
        if (currentFit < 0) {
            return Optional.of(new BetterPlacement(
                    current,
                    0,
                    target.name(),
                    score,
                    currentProblem + "; " + target.name() + " fits (score " + Amounts.number(score) + ")"));
        }
        double now = e.total(currentFit);
        if (score - now < minImprovement) {
            return Optional.empty();
        }
        return Optional.of(new BetterPlacement(
                current,
                now,
                target.name(),
                score,
                target.name() + " scores " + Amounts.number(score) + " against " + Amounts.number(now) + " on "
                        + current));
    }

    private Decision unknownProfile(PlacementRequest request, ClusterView view) {
        return new Decision(
                Outcome.UNSCHEDULABLE,
                null,
                0,
                "unknown scheduler profile \"" + request.profile() + "\"; known: "
                        + String.join(", ", new TreeSet<>(profiles.keySet())),
                List.of(),
                List.of(),
                request.profile(),
                view.nodeCount(),
                0,
                0);
    }

    private static String describe(RejectionTally tally) {
        return tally.size() == 0 ? "" : ": " + tally.describe();
    }

    /**
     * Up to {@link #REJECTION_SAMPLE} rejected nodes, a fair share for each kind of rejection the
     * tally counted (most common kinds first), so a rare reason is not drowned by a common one.
     */
    private static List<Rejection> sampleRejections(ClusterView view, FilterChain chain, RejectionTally tally) {
        int[] kinds = tally.kinds();
        if (kinds.length == 0) {
            return List.of();
        }
        int quota = Math.max(1, REJECTION_SAMPLE / kinds.length);
        List<Rejection> sample = new ArrayList<>();
        for (int kind : kinds) {
            int index = chain.indexOfPosition(tally.order(kind));
            int[] examples = tally.examples(kind);
            for (int e = 0; e < Math.min(quota, examples.length) && sample.size() < REJECTION_SAMPLE; e++) {
                NodeInfo node = view.nodeAt(examples[e]);
                String reason = index < 0 ? tally.summary(kind) : chain.reason(index, node);
                sample.add(new Rejection(node.name(), tally.plugin(kind), reason));
            }
        }
        return sample;
    }

    /** Where the walk over candidates starts: a mix of the instance's key, so copies start apart. */
    static int seed(PlacementRequest request) {
        int h = request.key().hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
