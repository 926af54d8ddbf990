package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Optional;

/**
 * A machine that runs Continuum's agent, anywhere from the central cloud to a device. Cluster-scoped.
 * Users own the spec (tier, parent, location, autonomy, taints); the agent reports the status.
 */
public record Node(String apiVersion, String kind, ObjectMeta metadata, NodeSpec spec, NodeStatus status)
        implements Resource {

    public static final String READY = "Ready";

    public Node {
        spec = spec == null ? NodeSpec.EMPTY : spec;
        status = status == null ? NodeStatus.EMPTY : status;
    }

    public static Node of(ObjectMeta metadata, NodeSpec spec, NodeStatus status) {
        return new Node(API_VERSION, "Node", metadata, spec, status);
    }

    @Override
    public Node withMetadata(ObjectMeta value) {
        return new Node(apiVersion, kind, value, spec, status);
    }

    public Node withSpec(NodeSpec value) {
        return new Node(apiVersion, kind, metadata, value, status);
    }

    public Node withStatus(NodeStatus value) {
        return new Node(apiVersion, kind, metadata, spec, value);
    }

    /** The node's {@code Ready} condition, if it ever reported one. */
    public Optional<Condition> readyCondition() {
        return status.condition(READY);
    }

    /** True when the node's latest {@code Ready} condition says {@code True}. */
    @JsonIgnore
    public boolean isReady() {
        return readyCondition().map(c -> "True".equals(c.status())).orElse(false);
    }
}
