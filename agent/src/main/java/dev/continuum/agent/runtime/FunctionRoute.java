package dev.continuum.agent.runtime;

import dev.continuum.model.ComponentType;
import dev.continuum.model.Trigger;
import dev.continuum.model.TriggerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** A function component as its triggers address it: the gateway path it answers on, and its triggers' values. */
record FunctionRoute(String namespace, String application, String component) {

    FunctionRoute {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(component, "component");
    }

    static FunctionRoute of(InstanceContext context) {
        return new FunctionRoute(context.key().namespace(), context.application(), context.component());
    }

    /** The WAGI {@code SCRIPT_NAME} of a run the trigger starts: what a request through the gateway would have. */
    String scriptName() {
        return "/fn/" + namespace + "/" + application + "/" + component;
    }

    /**
     * The values of a function's triggers of one type (topics, schedules), in the order the template declares
     * them; empty for services and jobs, and for triggers without the value.
     */
    static List<String> triggerValues(InstanceContext context, TriggerType type, Function<Trigger, String> value) {
        if (context.type() != ComponentType.FUNCTION || context.template() == null) {
            return List.of();
        }
        var values = new ArrayList<String>();
        for (Trigger trigger : context.template().triggers()) {
            if (trigger != null && trigger.type() == type) {
                String v = value.apply(trigger);
                if (v != null) {
                    values.add(v);
                }
            }
        }
        return values;
    }
}
