package dev.continuum.agent.runtime;

import dev.continuum.agent.logs.InstanceLog;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the trigger hooks (MQTT messages, schedules) share: per function on this node, one set of
 * triggers for all its local copies, set up when its first copy runs, changed as copies come and go,
 * and ended when the last one stops or the hook closes. Thread-safe: routes and their triggers are
 * guarded by the hook's monitor.
 *
 * @param <T> one function's triggers
 */
abstract class FunctionTriggerHook<T extends FunctionTriggerHook.Triggers>
        implements PoststartHook, StopHook, AutoCloseable {

    private final Map<FunctionRoute, T> routes = new HashMap<>();
    private boolean closed;

    /** The values (topics, schedules) of the component's triggers this hook serves; empty when none. */
    abstract List<String> values(InstanceContext context);

    /** False when this node cannot serve the triggers at all (nothing is set up). */
    boolean enabled() {
        return true;
    }

    /** The triggers of a function whose first copy starts on this node. */
    abstract T triggers(FunctionRoute route);

    /** The copy's log line once its triggers are set up. */
    abstract String describe(List<String> values);

    @Override
    public final void poststart(InstanceContext context) {
        List<String> values = values(context);
        if (values.isEmpty() || !enabled()) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            routes.computeIfAbsent(FunctionRoute.of(context), this::triggers).add(context.key(), values);
        }
        context.log().append(InstanceLog.AGENT, describe(values));
    }

    @Override
    public final void stopped(InstanceContext context) {
        if (values(context).isEmpty()) {
            return;
        }
        var route = FunctionRoute.of(context);
        synchronized (this) {
            T triggers = routes.get(route);
            if (triggers != null && triggers.remove(context.key())) {
                routes.remove(route);
            }
        }
    }

    /** Ends every function's triggers. Idempotent. */
    @Override
    public final synchronized void close() {
        closed = true;
        routes.values().forEach(Triggers::end);
        routes.clear();
    }

    /** One function's triggers: its local copies and their trigger values. Guarded by the hook's monitor. */
    abstract static class Triggers {
        final FunctionRoute route;
        final Map<InstanceKey, List<String>> copies = new LinkedHashMap<>();

        Triggers(FunctionRoute route) {
            this.route = route;
        }

        final void add(InstanceKey copy, List<String> values) {
            copies.put(copy, values);
            changed();
        }

        /** Forgets a copy; true when none is left (and everything is ended). */
        final boolean remove(InstanceKey copy) {
            if (copies.remove(copy) == null) {
                return false;
            }
            if (copies.isEmpty()) {
                end();
                return true;
            }
            changed();
            return false;
        }

        /** The copies changed: bring what runs in line with the union of their values. */
        abstract void changed();

        /** Stops everything these triggers run. */
        abstract void end();
    }
}
