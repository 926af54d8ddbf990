package dev.continuum.model;

import java.time.Duration;
import java.util.Optional;

/**
 * What the control plane and the agents agree on about copies cut off from the control plane: the
 * annotations that mark them, and a component's {@link DisconnectPolicy} with its defaults filled in.
 * See {@code docs/architecture/autonomy.md}.
 *
 * <p>Annotations on an Instance:
 *
 * <ul>
 *   <li>{@link #LOST} (the control plane's): its node has been unreachable for longer than the copy
 *       may be kept; the value is when it was declared lost. A lost copy does not count towards its
 *       component's replicas and, when the policy allows, gets a replacement.
 *   <li>{@link #FENCED} (the control plane's): this copy must not run; agents stop it and never run
 *       this epoch of its lineage again. Only at-most-one components are fenced.
 *   <li>{@link #REPLACES} and {@link #LINEAGE} (on a replacement): the copy it replaces, and the
 *       first copy of the line; a replacement's epoch is one more than the copy it replaces.
 * </ul>
 */
public final class Disconnection {

    /** When the copy was declared lost (ISO-8601); set by the control plane. */
    public static final String LOST = "continuum.dev/lost";
    /** Why the copy must not run; set by the control plane on at-most-one copies that were superseded. */
    public static final String FENCED = "continuum.dev/fenced";
    /** On a replacement: the name of the Instance it replaces. */
    public static final String REPLACES = "continuum.dev/replaces";
    /** On a replacement: the name of the first Instance of its line (fencing epochs count per line). */
    public static final String LINEAGE = "continuum.dev/lineage";

    private Disconnection() {}

    /** The line an Instance belongs to: its {@link #LINEAGE} annotation, or its own name. */
    public static String lineage(Instance instance) {
        String lineage = instance.metadata().annotations().get(LINEAGE);
        return lineage == null || lineage.isBlank() ? instance.metadata().name() : lineage;
    }

    /** True when the control plane marked the copy {@link #LOST}. */
    public static boolean lost(Instance instance) {
        return instance.metadata().annotations().containsKey(LOST);
    }

    /** True when the control plane {@link #FENCED} the copy: it must not run. */
    public static boolean fenced(Instance instance) {
        return instance.metadata().annotations().containsKey(FENCED);
    }

    private static DisconnectPolicy policy(Component component) {
        return component == null || component.disconnect() == null
                ? new DisconnectPolicy(null, null, null, null, null)
                : component.disconnect();
    }

    /** {@code atMostOne}, false when unset. */
    public static boolean atMostOne(Component component) {
        return Boolean.TRUE.equals(policy(component).atMostOne());
    }

    /** {@code replace}, true when unset: a lost copy is started elsewhere. */
    public static boolean replace(Component component) {
        return !Boolean.FALSE.equals(policy(component).replace());
    }

    /** {@code reconcile}, {@link ReconcileStrategy#BEST_SCORE} when unset. */
    public static ReconcileStrategy reconcile(Component component) {
        ReconcileStrategy s = policy(component).reconcile();
        return s == null ? ReconcileStrategy.BEST_SCORE : s;
    }

    /** {@code lostAfter}, zero when unset: the node's autonomy window alone decides. */
    public static Duration lostAfter(Component component) {
        Duration d = policy(component).lostAfter();
        return d == null ? Duration.ZERO : d;
    }

    /**
     * How long the agent lets the copy run while it is cut off from the control plane:
     * {@code stopOnNodeAfter}; for an at-most-one component without it, {@code lostAfter}. Empty
     * means it runs on however long the node is cut off (and an at-most-one copy is then never
     * replaced while its node is away, since nothing would stop it).
     */
    public static Optional<Duration> stopOnNodeAfter(Component component) {
        DisconnectPolicy p = policy(component);
        if (p.stopOnNodeAfter() != null) {
            return Optional.of(p.stopOnNodeAfter());
        }
        return atMostOne(component) ? Optional.ofNullable(p.lostAfter()) : Optional.empty();
    }

    /**
     * {@link #stopOnNodeAfter(Component)} on a node whose lease lasts {@code grace}: never less than
     * the grace, since a shorter time would stop copies between two ordinary lease renewals. The
     * agent stops copies after this, and the control plane counts on it when it replaces them.
     */
    public static Optional<Duration> stopOnNodeAfter(Component component, Duration grace) {
        return stopOnNodeAfter(component).map(d -> d.compareTo(grace) < 0 ? grace : d);
    }
}
