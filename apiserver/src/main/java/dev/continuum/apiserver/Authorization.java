package dev.continuum.apiserver;

import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.Kind;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who may do what. When enforced (as the control plane always runs it):
 *
 * <ul>
 *   <li><b>Anonymous</b> callers may do nothing on {@code /api/} (401).
 *   <li><b>Cluster administrators</b> may do everything.
 *   <li><b>Users</b> act in the namespaces they have a {@link Role} in: viewers read, editors also
 *       create, change and delete Applications, Instances and Events, admins also change their
 *       namespace's Namespace object. Any user may read Nodes, Leases and Namespaces; listing a
 *       namespaced kind across all namespaces, status writes and every other cluster-scoped write
 *       are for cluster administrators.
 *   <li><b>Nodes</b> read only what is bound to them and write only their own state: their Node
 *       (created by themselves; afterwards status only — its labels, annotations and spec, taints,
 *       tier and autonomy window included, are not theirs to change), their Lease, the Instances
 *       bound to them (read, list and watch by {@code spec.node=<self>}, status), and where a
 *       function runs. A node may not delete itself or anything else.
 * </ul>
 *
 * Not enforced, every authenticated or anonymous caller may do everything: for tests of other
 * modules and for embedding. Thread-safe.
 */
final class Authorization {

    private final boolean enforced;

    Authorization(boolean enforced) {
        this.enforced = enforced;
    }

    boolean enforced() {
        return enforced;
    }

    /**
     * May {@code who} do {@code verb} on objects of {@code kind} in {@code namespace} (null: cluster-scoped,
     * or all namespaces) named {@code name} (null: a collection, or a create before the name is known)?
     *
     * @throws ApiFailure 401 for anonymous callers, 403 with the reason otherwise
     */
    void require(Identity who, Verb verb, Kind kind, String namespace, String name) {
        if (!enforced || who.clusterAdmin()) {
            return;
        }
        switch (who.type()) {
            case ANONYMOUS -> throw unauthenticated();
            case USER -> requireUser(who, verb, kind, namespace, name);
            case NODE -> requireNode(who, verb, kind, name);
        }
    }

    /** A list or watch: nodes must select the Instances bound to themselves. */
    void requireList(Identity who, Verb verb, Kind kind, String namespace, SelectorQuery selector) {
        if (enforced && who.isNode() && kind == Kind.INSTANCE) {
            if (!who.name().equals(selector.fields().get("spec.node"))) {
                throw forbidden(who.toString() + " may not " + verb.words() + " instances other than its own: select"
                        + " them with fieldSelector=spec.node=" + who.name());
            }
            return;
        }
        require(who, verb, kind, namespace, null);
    }

    /** For nodes: an Instance they read or report on must be bound to them. */
    void requireBound(Identity who, Verb verb, Resource stored) {
        if (enforced
                && who.isNode()
                && stored instanceof Instance i
                && !who.name().equals(i.spec().node())) {
            throw forbidden(who + " may not " + verb.words() + " Instance "
                    + i.metadata().qualifiedName()
                    + ": it is bound to " + (i.isBound() ? "node " + i.spec().node() : "no node")
                    + ", and a node reads and reports only what is bound to it");
        }
    }

    /**
     * For nodes reporting an Event: it must be about the node itself or an Instance bound to it
     * ({@code bound} says whether that Instance is), so that a node cannot write into a tenant's
     * namespace about anything else.
     */
    void requireOwnEvent(Identity who, Event event, java.util.function.Predicate<Event> aboutBoundInstance) {
        if (!enforced || !who.isNode()) {
            return;
        }
        var about = event.spec() == null ? null : event.spec().involvedObject();
        boolean self =
                about != null && "Node".equals(about.kind()) && who.name().equals(about.name());
        boolean instance = about != null && "Instance".equals(about.kind()) && aboutBoundInstance.test(event);
        if (!self && !instance) {
            throw forbidden(who + " may not report Event " + event.metadata().qualifiedName() + ": a node reports"
                    + " events only about itself and the Instances bound to it");
        }
    }

    /** For nodes changing their own Node: labels, annotations and spec are the administrators'. */
    void requireNodeSpecUnchanged(Identity who, Node stored, Node submitted) {
        if (!enforced || !who.isNode()) {
            return;
        }
        List<String> changed = new ArrayList<>();
        if (!stored.metadata().labels().equals(submitted.metadata().labels())) {
            changed.add("metadata.labels");
        }
        if (!stored.metadata().annotations().equals(submitted.metadata().annotations())) {
            changed.add("metadata.annotations");
        }
        NodeSpec a = stored.spec();
        NodeSpec b = submitted.spec();
        field(changed, "spec.tier", a.tier(), b.tier());
        field(changed, "spec.parent", a.parent(), b.parent());
        field(changed, "spec.location", a.location(), b.location());
        field(changed, "spec.mobile", a.mobile(), b.mobile());
        field(changed, "spec.autonomy", a.autonomy(), b.autonomy());
        field(changed, "spec.taints", a.taints(), b.taints());
        field(changed, "spec.unschedulable", a.unschedulable(), b.unschedulable());
        if (!changed.isEmpty()) {
            throw forbidden(who + " may not change " + String.join(", ", changed) + " of its own Node: a node"
                    + " writes only its status; its labels, taints, tier and autonomy window are set by an"
                    + " administrator (continuum apply as a cluster administrator)");
        }
    }

    private static void field(List<String> changed, String path, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            changed.add(path);
        }
    }

    /** Reads scoped to a namespace (logs, explanations, function routes): a viewer there, or a node for routes. */
    void requireNamespaceRead(Identity who, String namespace, String what, boolean nodesToo) {
        if (!enforced || who.clusterAdmin()) {
            return;
        }
        switch (who.type()) {
            case ANONYMOUS -> throw unauthenticated();
            case NODE -> {
                if (!nodesToo) {
                    throw forbidden(who + " may not read " + what + ": a node reads only what is bound to it");
                }
            }
            case USER -> {
                if (who.roleIn(namespace).isEmpty()) {
                    throw forbidden(noRole(who, "read " + what, namespace));
                }
            }
        }
    }

    void requireClusterAdmin(Identity who, String what) {
        if (!enforced || who.clusterAdmin()) {
            return;
        }
        if (who.type() == Identity.Type.ANONYMOUS) {
            throw unauthenticated();
        }
        throw forbidden(who + " may not " + what + ": only cluster administrators may");
    }

    void requireAuthenticated(Identity who) {
        if (enforced && who.type() == Identity.Type.ANONYMOUS) {
            throw unauthenticated();
        }
    }

    private void requireUser(Identity who, Verb verb, Kind kind, String namespace, String name) {
        String what = describe(kind, namespace, name);
        if (!kind.namespaced()) {
            boolean anyRole = !who.roles().isEmpty();
            if (verb.reads() && anyRole) {
                return;
            }
            if (kind == Kind.NAMESPACE
                    && verb == Verb.UPDATE
                    && name != null
                    && who.roleIn(name).filter(r -> r.includes(Role.ADMIN)).isPresent()) {
                return;
            }
            throw forbidden(who + " may not " + verb.words() + " " + what + ": "
                    + (verb.reads()
                            ? "they have no role in any namespace"
                            : kind == Kind.NAMESPACE && verb == Verb.UPDATE
                                    ? "only admins of namespace " + name + " and cluster administrators may"
                                    : "only cluster administrators may"));
        }
        if (namespace == null) {
            throw forbidden(who + " may not " + verb.words() + " " + kind.plural() + " in all namespaces: only"
                    + " cluster administrators may; name a namespace (-n NAMESPACE)");
        }
        Role role =
                who.roleIn(namespace).orElseThrow(() -> forbidden(noRole(who, verb.words() + " " + what, namespace)));
        if (verb == Verb.UPDATE_STATUS) {
            throw forbidden(who + " may not " + verb.words() + " " + what
                    + ": statuses are written by the control plane and the nodes");
        }
        Role needed = verb.reads() ? Role.VIEWER : Role.EDITOR;
        if (!role.includes(needed)) {
            throw forbidden(who + " may not " + verb.words() + " " + what + ": they are " + role.wireName()
                    + " in namespace " + namespace + " and that needs " + needed.wireName());
        }
    }

    private void requireNode(Identity who, Verb verb, Kind kind, String name) {
        String self = who.name();
        String what = describe(kind, null, name);
        boolean own = name == null || name.equals(self);
        switch (kind) {
            case NODE -> {
                if (verb == Verb.DELETE) {
                    throw forbidden(who + " may not delete " + (own ? "itself" : what)
                            + ": only cluster administrators delete nodes");
                }
                if (verb == Verb.LIST || verb == Verb.WATCH || !own) {
                    throw forbidden(who + " may not " + verb.words() + " " + (name == null ? "nodes" : what)
                            + ": a node reads and writes only its own Node");
                }
            }
            case LEASE -> {
                if (verb == Verb.DELETE || verb == Verb.LIST || verb == Verb.WATCH || !own) {
                    throw forbidden(who + " may not " + verb.words() + " " + (name == null ? "leases" : what)
                            + ": a node reads and renews only its own Lease");
                }
            }
            case INSTANCE -> {
                if (verb != Verb.GET && verb != Verb.UPDATE_STATUS && verb != Verb.LIST && verb != Verb.WATCH) {
                    throw forbidden(who + " may not " + verb.words() + " " + (name == null ? "instances" : what)
                            + ": a node reads the Instances bound to it and writes only their status");
                }
            }
            case EVENT -> {
                if (verb != Verb.CREATE) {
                    throw forbidden(who + " may not " + verb.words() + " " + (name == null ? "events" : what)
                            + ": a node only reports events about itself and its Instances");
                }
            }
            default ->
                throw forbidden(who + " may not " + verb.words() + " " + (name == null ? kind.plural() : what)
                        + ": a node reads only what is bound to it (its Node, Lease and Instances)");
        }
    }

    private static String describe(Kind kind, String namespace, String name) {
        if (name == null) {
            return kind.plural() + (namespace == null ? "" : " in namespace " + namespace);
        }
        return kind.kindName() + " " + (namespace == null ? name : namespace + "/" + name);
    }

    private static String noRole(Identity who, String action, String namespace) {
        return who + " may not " + action + ": they have no role in namespace " + namespace
                + " (a cluster administrator grants one: continuum user update " + who.name() + " --role "
                + namespace + "=viewer|editor|admin)";
    }

    private static ApiFailure unauthenticated() {
        return ApiFailure.unauthorized("this API needs a credential: a user's bearer token (`continuum up` writes"
                + " the administrator's to its config.yaml; `continuum user create` makes more), or a node's"
                + " certificate");
    }

    static ApiFailure forbidden(String message) {
        return ApiFailure.forbidden(message);
    }
}
