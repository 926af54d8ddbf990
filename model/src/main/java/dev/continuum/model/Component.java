package dev.continuum.model;

import java.util.List;
import java.util.Map;

/**
 * One part of an application: what to run ({@code module}, a WebAssembly module URL — {@code file:},
 * {@code https:}, {@code oci://} — pinned by {@code digest}; or a container {@code image}), how many
 * copies, what wakes it, what it needs, where it may run and what it may use.
 *
 * @param digest {@code sha256:<64 hex>}; when given, the fetched module must match it
 * @param replicas how many copies to keep running (services, functions); defaults to 1
 * @param args WASI arguments after the program name
 * @param env WASI environment variables
 * @param priority higher may preempt lower (scheduler)
 * @param profile the scheduler profile to place it with ({@code default} when absent)
 */
public record Component(
        String name,
        ComponentType type,
        String module,
        String digest,
        String image,
        Integer replicas,
        Scaling scaling,
        List<Trigger> triggers,
        ResourceList resources,
        Placement placement,
        Capabilities capabilities,
        List<String> args,
        Map<String, String> env,
        MigrationPolicy migration,
        DisconnectPolicy disconnect,
        Integer priority,
        String profile) {

    public Component {
        triggers = Collections2.list(triggers);
        args = Collections2.list(args);
        env = Collections2.map(env);
    }

    /** A minimal component running a module; everything else takes its default. */
    public static Component of(String name, ComponentType type, String module) {
        return new Component(
                name, type, module, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The runtime this component needs on a node: {@code wasm} for modules, {@code container} for images. */
    public String runtime() {
        return image != null && module == null ? "container" : "wasm";
    }

    public ComponentType typeOrDefault() {
        return type == null ? ComponentType.SERVICE : type;
    }

    public int replicasOrDefault() {
        return replicas == null ? 1 : replicas;
    }

    public Placement placementOrEmpty() {
        return placement == null ? Placement.NONE : placement;
    }

    public ResourceList resourcesOrNone() {
        return resources == null ? ResourceList.NONE : resources;
    }

    public Component withModule(String value) {
        return new Component(
                name,
                type,
                value,
                digest,
                image,
                replicas,
                scaling,
                triggers,
                resources,
                placement,
                capabilities,
                args,
                env,
                migration,
                disconnect,
                priority,
                profile);
    }

    public Component withType(ComponentType value) {
        return new Component(
                name,
                value,
                module,
                digest,
                image,
                replicas,
                scaling,
                triggers,
                resources,
                placement,
                capabilities,
                args,
                env,
                migration,
                disconnect,
                priority,
                profile);
    }

    public Component withReplicas(Integer value) {
        return new Component(
                name,
                type,
                module,
                digest,
                image,
                value,
                scaling,
                triggers,
                resources,
                placement,
                capabilities,
                args,
                env,
                migration,
                disconnect,
                priority,
                profile);
    }

    public Component withScaling(Scaling value) {
        return new Component(
                name,
                type,
                module,
                digest,
                image,
                replicas,
                value,
                triggers,
                resources,
                placement,
                capabilities,
                args,
                env,
                migration,
                disconnect,
                priority,
                profile);
    }

    public Component withResources(ResourceList value) {
        return new Component(
                name,
                type,
                module,
                digest,
                image,
                replicas,
                scaling,
                triggers,
                value,
                placement,
                capabilities,
                args,
                env,
                migration,
                disconnect,
                priority,
                profile);
    }

    public Component withPlacement(Placement value) {
        return new Component(
                name,
                type,
                module,
                digest,
                image,
                replicas,
                scaling,
                triggers,
                resources,
                value,
                capabilities,
                args,
                env,
                migration,
                disconnect,
                priority,
                profile);
    }

    public Component withDigest(String value) {
        return new Component(
                name,
                type,
                module,
                value,
                image,
                replicas,
                scaling,
                triggers,
                resources,
                placement,
                capabilities,
                args,
                env,
                migration,
                disconnect,
                priority,
                profile);
    }
}
