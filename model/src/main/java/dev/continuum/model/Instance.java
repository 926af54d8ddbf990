package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One running copy of a component on one node: the unit the scheduler binds ({@code spec.node}) and
 * the agent runs. It carries the component's spec as {@code template}, so that an agent needs
 * nothing but its own Instances, and a fencing {@code epoch} that grows on every move.
 */
public record Instance(String apiVersion, String kind, ObjectMeta metadata, InstanceSpec spec, InstanceStatus status)
        implements Resource {

    /** Label holding the owning application's name. */
    public static final String APPLICATION_LABEL = "continuum.dev/application";
    /** Label holding the component's name. */
    public static final String COMPONENT_LABEL = "continuum.dev/component";

    public Instance {
        status = status == null ? InstanceStatus.PENDING : status;
    }

    public static Instance of(ObjectMeta metadata, InstanceSpec spec) {
        return new Instance(API_VERSION, "Instance", metadata, spec, null);
    }

    @Override
    public Instance withMetadata(ObjectMeta value) {
        return new Instance(apiVersion, kind, value, spec, status);
    }

    public Instance withSpec(InstanceSpec value) {
        return new Instance(apiVersion, kind, metadata, value, status);
    }

    public Instance withStatus(InstanceStatus value) {
        return new Instance(apiVersion, kind, metadata, spec, value);
    }

    @JsonIgnore
    public boolean isBound() {
        return spec != null && spec.node() != null && !spec.node().isEmpty();
    }
}
