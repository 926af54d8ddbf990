package dev.continuum.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bound, unfinished instances, reachable by key, by node and by component: what resources are
 * taken where, what preemption could evict, and where a component's copies already run.
 */
final class InstanceLedger {

    private final Map<String, BoundInstance> byKey = new HashMap<>();
    private final Map<String, List<BoundInstance>> byNode = new HashMap<>();
    private final Map<String, List<BoundInstance>> byComponent = new HashMap<>();
    private final TreeMap<Integer, Integer> priorities = new TreeMap<>();

    BoundInstance get(String key) {
        return byKey.get(key);
    }

    void add(BoundInstance i) {
        byKey.put(i.key(), i);
        byNode.computeIfAbsent(i.node(), k -> new ArrayList<>()).add(i);
        byComponent.computeIfAbsent(i.componentKey(), k -> new ArrayList<>()).add(i);
        priorities.merge(i.priority(), 1, Integer::sum);
    }

    /** Removes and returns the instance with this key; null when there is none. */
    BoundInstance remove(String key) {
        BoundInstance i = byKey.remove(key);
        if (i != null) {
            drop(byNode, i.node(), i);
            drop(byComponent, i.componentKey(), i);
            priorities.computeIfPresent(i.priority(), (p, n) -> n == 1 ? null : n - 1);
        }
        return i;
    }

    private static void drop(Map<String, List<BoundInstance>> index, String key, BoundInstance i) {
        List<BoundInstance> list = index.get(key);
        if (list != null) {
            list.remove(i);
            if (list.isEmpty()) {
                index.remove(key);
            }
        }
    }

    List<BoundInstance> onNode(String node) {
        return byNode.getOrDefault(node, List.of());
    }

    List<BoundInstance> ofComponent(String componentKey) {
        return byComponent.getOrDefault(componentKey, List.of());
    }

    int lowestPriority() {
        return priorities.isEmpty() ? Integer.MAX_VALUE : priorities.firstKey();
    }

    int size() {
        return byKey.size();
    }
}
