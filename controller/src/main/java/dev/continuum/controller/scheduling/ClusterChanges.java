package dev.continuum.controller.scheduling;

import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The node and Instance changes the informers saw that the scheduling worker has not yet applied to
 * its cluster state. Only the latest copy of each object is kept, so the buffer never holds more
 * than one entry per object however often agents report while nothing is pending. Thread-safe:
 * informer threads record, the worker drains.
 */
final class ClusterChanges {

    /** What to apply: the latest copy of each changed object, or empty where it was deleted. */
    record Batch(Map<String, Optional<Node>> nodes, Map<ObjectKey, Optional<Instance>> instances) {}

    private Map<String, Optional<Node>> nodes = new LinkedHashMap<>();
    private Map<ObjectKey, Optional<Instance>> instances = new LinkedHashMap<>();

    synchronized void nodeChanged(Node node) {
        nodes.put(node.metadata().name(), Optional.of(node));
    }

    synchronized void nodeDeleted(String name) {
        nodes.put(name, Optional.empty());
    }

    synchronized void instanceChanged(Instance instance) {
        instances.put(ObjectKey.of(instance), Optional.of(instance));
    }

    synchronized void instanceDeleted(ObjectKey key) {
        instances.put(key, Optional.empty());
    }

    /** Everything recorded so far; the buffer starts empty again. */
    synchronized Batch drain() {
        Batch batch = new Batch(nodes, instances);
        nodes = new LinkedHashMap<>();
        instances = new LinkedHashMap<>();
        return batch;
    }
}
