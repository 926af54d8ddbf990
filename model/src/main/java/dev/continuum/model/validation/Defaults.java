package dev.continuum.model.validation;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Resource;
import java.util.List;

/**
 * The values admission fills in before validation: the {@code default} namespace for namespaced
 * kinds, {@code service} as a component's type, and one replica for components that neither give a
 * count nor scale. Pure; returns the same object when nothing changes.
 */
public final class Defaults {

    public static final String NAMESPACE = "default";

    private Defaults() {}

    public static Resource apply(Resource r) {
        Resource out = r;
        if (r.resourceKind().namespaced()
                && r.metadata() != null
                && r.metadata().namespace() == null) {
            out = out.withMetadata(r.metadata().withNamespace(NAMESPACE));
        }
        if (out instanceof Application a) {
            List<Component> components =
                    a.spec().components().stream().map(Defaults::component).toList();
            out = a.withSpec(new ApplicationSpec(components, a.spec().links())).withMetadata(out.metadata());
        }
        return out;
    }

    public static Component component(Component c) {
        if (c == null) {
            return null;
        }
        Component out = c;
        if (out.type() == null) {
            out = out.withType(ComponentType.SERVICE);
        }
        if (out.replicas() == null && out.scaling() == null) {
            out = out.withReplicas(1);
        }
        return out;
    }
}
