package dev.continuum.controller.runtime;

import dev.continuum.model.Resource;
import java.util.Objects;

/**
 * Names one object of a kind: its namespace (null for cluster-scoped kinds) and name. The unit of
 * work of a controller's queue and the key of an informer's cache.
 */
public record ObjectKey(String namespace, String name) {

    public ObjectKey {
        Objects.requireNonNull(name, "name");
    }

    public static ObjectKey of(Resource resource) {
        return new ObjectKey(
                resource.metadata().namespace(), resource.metadata().name());
    }

    /** The key of a cluster-scoped object (a Node, a Lease). */
    public static ObjectKey cluster(String name) {
        return new ObjectKey(null, name);
    }

    /** {@code namespace/name}, or {@code name} for cluster-scoped objects. */
    @Override
    public String toString() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
