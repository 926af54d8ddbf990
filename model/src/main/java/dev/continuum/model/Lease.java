package dev.continuum.model;

/**
 * A node's heartbeat, kept apart from the Node so that renewing it is a small write. Cluster-scoped,
 * named after its node.
 */
public record Lease(String apiVersion, String kind, ObjectMeta metadata, LeaseSpec spec) implements Resource {

    public static Lease of(ObjectMeta metadata, LeaseSpec spec) {
        return new Lease(API_VERSION, "Lease", metadata, spec);
    }

    @Override
    public Lease withMetadata(ObjectMeta value) {
        return new Lease(apiVersion, kind, value, spec);
    }

    public Lease withSpec(LeaseSpec value) {
        return new Lease(apiVersion, kind, metadata, value);
    }
}
