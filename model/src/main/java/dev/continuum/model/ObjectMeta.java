package dev.continuum.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kubernetes-style object metadata. {@code resourceVersion} is the store revision of the last write
 * (0 for an object not yet stored); {@code generation} grows when the spec changes.
 */
public record ObjectMeta(
        String name,
        String namespace,
        String uid,
        Map<String, String> labels,
        Map<String, String> annotations,
        long resourceVersion,
        long generation,
        Instant creationTimestamp) {

    public ObjectMeta {
        labels = Collections2.map(labels);
        annotations = Collections2.map(annotations);
    }

    public static ObjectMeta named(String name) {
        return new ObjectMeta(name, null, null, null, null, 0, 0, null);
    }

    public static ObjectMeta named(String namespace, String name) {
        return new ObjectMeta(name, namespace, null, null, null, 0, 0, null);
    }

    public ObjectMeta withName(String value) {
        return new ObjectMeta(
                value, namespace, uid, labels, annotations, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withNamespace(String value) {
        return new ObjectMeta(name, value, uid, labels, annotations, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withUid(String value) {
        return new ObjectMeta(
                name, namespace, value, labels, annotations, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withLabels(Map<String, String> value) {
        return new ObjectMeta(name, namespace, uid, value, annotations, resourceVersion, generation, creationTimestamp);
    }

    /** A copy with one more label (or a label replaced). */
    public ObjectMeta withLabel(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(key, value);
        return withLabels(copy);
    }

    public ObjectMeta withAnnotations(Map<String, String> value) {
        return new ObjectMeta(name, namespace, uid, labels, value, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withResourceVersion(long value) {
        return new ObjectMeta(name, namespace, uid, labels, annotations, value, generation, creationTimestamp);
    }

    public ObjectMeta withGeneration(long value) {
        return new ObjectMeta(name, namespace, uid, labels, annotations, resourceVersion, value, creationTimestamp);
    }

    public ObjectMeta withCreationTimestamp(Instant value) {
        return new ObjectMeta(name, namespace, uid, labels, annotations, resourceVersion, generation, value);
    }

    /** {@code namespace/name}, or just {@code name} for cluster-scoped objects. */
    public String qualifiedName() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
