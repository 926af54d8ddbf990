package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pre-filter decided for the whole decision:
 *
 * <ul>
 *   <li>{@code proceed}: check each node with the plugin's filter;
 *   <li>{@code skip}: the request asks nothing of this plugin; its filter is not called;
 *   <li>{@code restrict}: exactly the nodes in the given index sets fit (one restriction per
 *       summary, applied in order); the fast path uses the sets and never calls the filter;
 *   <li>{@code narrow}: only nodes in the given set can fit, but not all of them do: the fast path
 *       drops the others by index, and still asks the filter about the rest;
 *   <li>{@code unschedulable}: no node can fit (a latency target that does not exist).
 * </ul>
 */
public final class PreFilterResult {

    enum Kind {
        PROCEED,
        SKIP,
        RESTRICT,
        NARROW,
        UNSCHEDULABLE
    }

    /**
     * Keeps the candidates that are in any of {@code sets} — or, when {@code excluding}, in none of
     * them; the others are counted under {@code summary}.
     */
    public record Restriction(String summary, List<NodeSet> sets, boolean excluding) {}

    private static final PreFilterResult PROCEED = new PreFilterResult(Kind.PROCEED, null, List.of());
    private static final PreFilterResult SKIP = new PreFilterResult(Kind.SKIP, null, List.of());

    private final Kind kind;
    private final String summary;
    private final List<Restriction> restrictions;

    private PreFilterResult(Kind kind, String summary, List<Restriction> restrictions) {
        this.kind = kind;
        this.summary = summary;
        this.restrictions = restrictions;
    }

    public static PreFilterResult proceed() {
        return PROCEED;
    }

    public static PreFilterResult skip() {
        return SKIP;
    }

    public static PreFilterResult unschedulable(String summary) {
        return new PreFilterResult(Kind.UNSCHEDULABLE, summary, List.of());
    }

    public static PreFilterResult restrict(String summary, NodeSet... anyOf) {
        return new PreFilterResult(Kind.RESTRICT, null, List.of(new Restriction(summary, List.of(anyOf), false)));
    }

    /** Exactly the nodes outside {@code set} pass; those in it are counted under {@code summary}. */
    public static PreFilterResult exclude(String summary, NodeSet set) {
        return new PreFilterResult(Kind.RESTRICT, null, List.of(new Restriction(summary, List.of(set), true)));
    }

    /** Only nodes in {@code superset} can pass the filter; those outside are counted under {@code summary}. */
    public static PreFilterResult narrow(String summary, NodeSet superset) {
        return new PreFilterResult(Kind.NARROW, null, List.of(new Restriction(summary, List.of(superset), false)));
    }

    /** This restriction followed by another, counted under its own summary. */
    public PreFilterResult thenRestrict(String summary, NodeSet... anyOf) {
        return then(new Restriction(summary, List.of(anyOf), false));
    }

    /** This restriction followed by an exclusion, counted under its own summary. */
    public PreFilterResult thenExclude(String summary, NodeSet set) {
        return then(new Restriction(summary, List.of(set), true));
    }

    private PreFilterResult then(Restriction next) {
        if (kind != Kind.RESTRICT && kind != Kind.NARROW) {
            throw new IllegalStateException("only a restriction can be followed by another");
        }
        List<Restriction> all = new ArrayList<>(restrictions);
        all.add(next);
        return new PreFilterResult(kind, null, List.copyOf(all));
    }

    Kind kind() {
        return kind;
    }

    /** The summary of an {@code unschedulable} result. */
    String summary() {
        return summary;
    }

    List<Restriction> restrictions() {
        return restrictions;
    }

    @Override
    public String toString() {
        return kind + (summary == null ? "" : ": " + summary) + (restrictions.isEmpty() ? "" : " " + restrictions);
    }
}
