package dev.continuum.agent.runtime;

import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.WasmEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The functions this node is ready to serve, by namespace, application and component: what the
 * gateway looks up before it forwards a request elsewhere. Entries are added when a function
 * Instance is Running and removed when it stops. Thread-safe.
 */
public final class LocalFunctions {

    /** A function ready to serve: its module, the engine that loaded it, and the Instance's log. */
    public record Target(InstanceKey instance, LoadedModule module, WasmEngine engine, InstanceLog log) {}

    private record Route(String namespace, String application, String component) {}

    private final Map<Route, List<Target>> routes = new ConcurrentHashMap<>();
    private final AtomicLong turn = new AtomicLong();

    public void add(String namespace, String application, String component, Target target) {
        routes.computeIfAbsent(new Route(namespace, application, component), r -> new CopyOnWriteArrayList<>())
                .add(target);
    }

    public void remove(String namespace, String application, String component, InstanceKey instance) {
        routes.computeIfPresent(new Route(namespace, application, component), (r, targets) -> {
            targets.removeIf(t -> t.instance().equals(instance));
            return targets.isEmpty() ? null : targets;
        });
    }

    /** One ready copy of the function (taking turns among several), or null when this node has none. */
    public Target pick(String namespace, String application, String component) {
        List<Target> targets = routes.get(new Route(namespace, application, component));
        if (targets == null) {
            return null;
        }
        // The list may shrink between the size and the get; retry on the smaller list.
        while (true) {
            int size = targets.size();
            if (size == 0) {
                return null;
            }
            try {
                return targets.get((int) Math.floorMod(turn.getAndIncrement(), (long) size));
            } catch (IndexOutOfBoundsException e) {
                // shrank meanwhile
            }
        }
    }
}
