package dev.continuum.agent.runtime;

import dev.continuum.model.Instance;

/** An Instance's identity on this node: {@code namespace/name}. */
public record InstanceKey(String namespace, String name) {

    public static InstanceKey of(Instance instance) {
        return new InstanceKey(
                instance.metadata().namespace(), instance.metadata().name());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
