package dev.continuum.scheduler;

import dev.continuum.model.Application;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentLink;
import dev.continuum.model.ComponentRef;
import dev.continuum.model.Instance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to place: an Instance (its component template carries the resources, placement, priority
 * and profile), plus where the components it is linked to already run, since an Instance alone does
 * not know its application's links.
 *
 * @param peers linked components, with the most latency each link tolerates and their nodes
 */
public record PlacementRequest(Instance instance, List<PeerLink> peers) {

    /**
     * A component this one talks to: its name, the link's {@code maxLatencyMs} (null: none, only
     * preferred near), and the nodes where its copies run. A peer with no nodes yet constrains
     * nothing; its own placement will be checked against this one's.
     */
    public record PeerLink(String component, Double maxLatencyMs, List<String> nodes) {
        public PeerLink {
            Objects.requireNonNull(component, "component");
            nodes = List.copyOf(nodes);
        }
    }

    public PlacementRequest {
        Objects.requireNonNull(instance, "instance");
        if (instance.spec() == null || instance.spec().template() == null) {
            throw new IllegalArgumentException(
                    "instance " + instance.metadata().qualifiedName() + " has no component template to place");
        }
        peers = List.copyOf(peers);
    }

    /** The simple case: an instance with no links to other components. */
    public static PlacementRequest of(Instance instance) {
        return new PlacementRequest(instance, List.of());
    }

    /**
     * An instance with its application's links, the peers' nodes read from {@code view}: every
     * link with this instance's component at either end makes the other end a peer. A link's
     * {@code to} may name a component of another application ({@code application/component}) or
     * namespace ({@code namespace/application/component}); links written in other applications'
     * specs are not seen here, and can be added with {@link #withPeer}.
     */
    public static PlacementRequest of(Instance instance, Application application, ClusterView view) {
        String namespace = instance.metadata().namespace();
        String app = application.metadata().name();
        ComponentRef self = new ComponentRef(namespace, app, instance.spec().component());
        List<PeerLink> peers = new ArrayList<>();
        for (ComponentLink link : application.spec().links()) {
            if (link == null || link.from() == null) {
                continue;
            }
            ComponentRef from = new ComponentRef(namespace, app, link.from());
            Optional<ComponentRef> to = ComponentRef.parse(link.to(), namespace, app);
            if (to.isEmpty()) {
                continue;
            }
            ComponentRef other;
            String named;
            if (from.equals(self)) {
                other = to.get();
                named = link.to();
            } else if (to.get().equals(self)) {
                other = from;
                named = link.from();
            } else {
                continue;
            }
            if (other.equals(self)) {
                continue;
            }
            Set<String> nodes = new LinkedHashSet<>();
            for (BoundInstance copy : view.copiesOf(other.namespace(), other.application(), other.component())) {
                nodes.add(copy.node());
            }
            peers.add(new PeerLink(named, link.maxLatencyMs(), List.copyOf(nodes)));
        }
        return new PlacementRequest(instance, peers);
    }

    /** This request with one more peer. */
    public PlacementRequest withPeer(String component, Double maxLatencyMs, Collection<String> nodes) {
        List<PeerLink> more = new ArrayList<>(peers);
        more.add(new PeerLink(component, maxLatencyMs, List.copyOf(nodes)));
        return new PlacementRequest(instance, more);
    }

    public Component component() {
        return instance.spec().template();
    }

    public String namespace() {
        return instance.metadata().namespace();
    }

    public String name() {
        return instance.metadata().name();
    }

    public String application() {
        return instance.spec().application();
    }

    /** The component's name within its application. */
    public String componentName() {
        return instance.spec().component();
    }

    /** {@code Component.priority}, 0 when absent. */
    public int priority() {
        Integer p = component().priority();
        return p == null ? 0 : p;
    }

    /** The scheduler profile to use: {@code Component.profile}, or {@code default}. */
    public String profile() {
        String p = component().profile();
        return p == null || p.isEmpty() ? Scheduler.DEFAULT_PROFILE : p;
    }

    /** {@code namespace/name}, for messages. */
    public String key() {
        return BoundInstance.key(namespace(), name());
    }
}
