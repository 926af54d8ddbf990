package dev.continuum.agent.runtime;

import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.RunLimits;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.wagi.Wagi;
import dev.continuum.wasm.wagi.WagiRequest;
import dev.continuum.wasm.wagi.WagiResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
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

    /** How long one run of a function (an HTTP request, an MQTT message) may take. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /**
     * A function ready to serve: its module, the engine that loaded it, the Instance's log, the
     * component's {@code env} and the capabilities it was linked with.
     */
    public record Target(
            InstanceKey instance,
            LoadedModule module,
            WasmEngine engine,
            InstanceLog log,
            Map<String, String> env,
            Capabilities capabilities) {

        public Target {
            env = Map.copyOf(env);
        }

        /**
         * Runs the function for {@code request} through WAGI: its stderr goes to the Instance's log,
         * then one {@code agent} line {@code <label> -> <status> (<ms> ms)}.
         */
        public WagiResponse serve(WagiRequest request, Duration deadline, String label) {
            long started = System.nanoTime();
            WagiResponse response;
            try (OutputStream stderr = log.stream("stderr")) {
                response = Wagi.serve(
                        engine, module, request, stderr, deadline, env, capabilities, RunLimits.of(engine.options()));
            } catch (IOException e) {
                throw new UncheckedIOException("closing the log stream of " + instance + " failed", e);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.append(InstanceLog.AGENT, label + " -> " + response.status() + " (" + millis + " ms)");
            return response;
        }

        /**
         * Runs the function for an event nobody waits on (a trigger): as {@link #serve}, and the
         * response's body goes to the Instance's log as {@code stdout} lines.
         */
        public void runForEvent(WagiRequest request, String label) {
            var response = serve(request, DEADLINE, label);
            if (response.body().length > 0) {
                try (OutputStream out = log.stream("stdout")) {
                    out.write(response.body());
                } catch (IOException e) {
                    throw new UncheckedIOException("writing to the log of " + instance + " failed", e);
                }
            }
        }
    }

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
