package dev.continuum.model;

/**
 * A tenant's settings (cluster-scoped, named after the namespace it describes): which keys its
 * modules must be signed by, and what of its applications other namespaces may use. A namespace
 * needs no Namespace object to be used; without one it requires no signatures and exports nothing.
 */
public record Namespace(String apiVersion, String kind, ObjectMeta metadata, NamespaceSpec spec) implements Resource {

    public Namespace {
        spec = spec == null ? NamespaceSpec.EMPTY : spec;
    }

    public static Namespace of(ObjectMeta metadata, NamespaceSpec spec) {
        return new Namespace(API_VERSION, "Namespace", metadata, spec);
    }

    @Override
    public Namespace withMetadata(ObjectMeta value) {
        return new Namespace(apiVersion, kind, value, spec);
    }

    public Namespace withSpec(NamespaceSpec value) {
        return new Namespace(apiVersion, kind, metadata, value);
    }
}
